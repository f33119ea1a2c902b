/** Caps applied while extracting a package in memory (DESIGN §4.2). */
export interface PackageLimits {
  /** Most zip entries (files and folders). */
  maxEntries: number;
  /** Most uncompressed bytes, all files together. */
  maxTotalBytes: number;
  /** Most uncompressed bytes of one file. */
  maxFileBytes: number;
  /** Highest uncompressed/compressed ratio of an entry larger than {@link RATIO_CHECK_MIN_BYTES}. */
  maxRatio: number;
}

/**
 * Defaults sized for addon packages: a bundle of a few MB, fixtures, icons.
 *
 * @example
 * verifyPackage(zip, { trust, limits: { ...DEFAULT_PACKAGE_LIMITS, maxTotalBytes: 100 * 1024 * 1024 } });
 */
export const DEFAULT_PACKAGE_LIMITS: Readonly<PackageLimits> = Object.freeze({
  maxEntries: 2000,
  maxTotalBytes: 64 * 1024 * 1024,
  maxFileBytes: 32 * 1024 * 1024,
  maxRatio: 200,
});

/** Small entries compress absurdly well (a run of spaces) and cannot hurt: the ratio is checked above this size. */
export const RATIO_CHECK_MIN_BYTES = 64 * 1024;

/** Longest entry path accepted. */
export const MAX_PATH_LENGTH = 512;

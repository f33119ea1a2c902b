/** Pager prompts of network CLIs: Cisco ASA `<--- More --->`, IOS/Linux `--More--`, `-- More --`. */
const PAGER_MARKER = /<-+ ?More ?-+>|-- ?More ?--(?: ?\(\d+%\))?/g;

export function endsWithPager(renderedTail: string): boolean {
  return /(?:<-+ ?More ?-+>|-- ?More ?--(?: ?\(\d+%\))?)\s*$/.test(renderedTail);
}

export function stripPagerMarkers(raw: string): string {
  return raw.replace(PAGER_MARKER, "");
}

/**
 * What a terminal would show for `raw`: ANSI sequences interpreted or dropped,
 * CRLF as newlines, a bare CR returning to column 0 (later text overwrites),
 * backspace moving back, `ESC[K` erasing to the end of the line. Lines rewritten
 * that way lose the trailing blanks of the erasure; other lines keep theirs
 * (fixed-width CLI tables end in meaningful spaces).
 */
export function renderTerminal(raw: string): string {
  const lines: string[] = [];
  let line: string[] = [];
  let cursor = 0;
  let rewritten = false;
  const endLine = () => {
    const text = line.join("");
    lines.push(rewritten ? text.trimEnd() : text);
    line = [];
    cursor = 0;
    rewritten = false;
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === "\n") {
      endLine();
    } else if (ch === "\r") {
      if (raw[i + 1] === "\n" || raw[i + 1] === "\r") continue;
      cursor = 0;
      rewritten = true;
    } else if (ch === "\b") {
      cursor = Math.max(0, cursor - 1);
      rewritten = true;
    } else if (ch === "\u001b") {
      i = applyEscape(raw, i);
    } else if (ch === "\t" || ch >= " ") {
      while (line.length < cursor) line.push(" ");
      line[cursor++] = ch;
    }
    // Other C0 controls (BEL, NUL, SI/SO) print nothing.
  }
  endLine();
  return lines.join("\n");

  /** Applies the escape sequence at `start`; returns the index of its last character. */
  function applyEscape(text: string, start: number): number {
    if (text[start + 1] === "[") {
      const match = /^\[([0-9;?]*)[ -/]*([@-~])/.exec(text.slice(start + 1, start + 40));
      if (!match) return start + 1;
      const n = Number(match[1]?.split(";")[0] || 0);
      switch (match[2]) {
        case "K":
          rewritten = true;
          if (n === 0) line.length = Math.min(line.length, cursor);
          else if (n === 1) for (let c = 0; c < Math.min(cursor, line.length); c++) line[c] = " ";
          else line = [];
          break;
        case "D": cursor = Math.max(0, cursor - (n || 1)); rewritten = true; break;
        case "C": cursor += n || 1; break;
        case "G": cursor = Math.max(0, (n || 1) - 1); rewritten = true; break;
      }
      return start + match[0].length;
    }
    // ESC ( B and friends take one more character; other two-character escapes (ESC =, ESC >, ESC 7) one.
    return "()*+".includes(text[start + 1] ?? "") ? start + 2 : start + 1;
  }
}

/** The line the cursor is on (the prompt, while waiting), rendered from the end of `raw`. */
export function currentLine(raw: string, window = 1024): string {
  const rendered = renderTerminal(stripPagerMarkersExceptTail(raw.slice(-window)));
  return rendered.slice(rendered.lastIndexOf("\n") + 1);
}

// A pager prompt is on the current line while the device waits; markers earlier in the text are noise.
function stripPagerMarkersExceptTail(raw: string): string {
  const lastNewline = raw.lastIndexOf("\n");
  return stripPagerMarkers(raw.slice(0, lastNewline + 1)) + raw.slice(lastNewline + 1);
}

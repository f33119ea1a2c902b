import assert from "node:assert/strict";
import { connect, createServer, type AddressInfo } from "node:net";
import { test } from "node:test";
import { AddressBook, pinnedLookup } from "./address-book.ts";

const target = (host: string, address?: string) => ({ id: "t", name: "t", host, ...(address ? { address } : {}) });

test("a target is resolved once: later calls get the same pinned address", async () => {
  const book = new AddressBook();
  const first = await book.resolve(target("localhost"));
  assert.deepEqual(first, { address: "127.0.0.1", family: 4 });
  assert.equal(await book.resolve(target("localhost")), first);
});

test("a configured address must be one the name resolves to; an IP host must equal it", async () => {
  const book = new AddressBook();
  assert.deepEqual(await book.resolve(target("localhost", "127.0.0.1")), { address: "127.0.0.1", family: 4 });
  await assert.rejects(new AddressBook().resolve(target("localhost", "10.9.8.7")), { code: "BROKER_ADDRESS_MISMATCH" });
  await assert.rejects(new AddressBook().resolve(target("127.0.0.1", "127.0.0.2")), { code: "BROKER_ADDRESS_MISMATCH" });
  await assert.rejects(new AddressBook().resolve(target("no-such-host.invalid")), { code: "BROKER_UNREACHABLE" });
});

test("the pinned lookup sends a connection for any name to the pinned address", async () => {
  const server = createServer((socket) => socket.end("pinned"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    // `device.invalid` cannot resolve through DNS: only the pinned lookup can make this connect.
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: "device.invalid", port, lookup: pinnedLookup({ address: "127.0.0.1", family: 4 }) });
      let data = "";
      socket.on("data", (chunk) => (data += chunk)).on("end", () => resolve(data)).on("error", reject);
    });
    assert.equal(reply, "pinned");
  } finally {
    server.close();
  }
});

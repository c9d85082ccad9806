// A minimal SMTP server on loopback that keeps what it receives, so the
// browser tests read the links of the emails the app really sends.
import net from "node:net";

export async function startSmtp() {
  const messages = [];
  const waiting = [];
  const server = net.createServer((socket) => {
    socket.setEncoding("utf8");
    let buffer = "";
    let inData = false;
    let envelope = { to: [] };
    let data = "";
    const reply = (line) => socket.write(line + "\r\n");
    reply("220 relais-test ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk;
      let index;
      while ((index = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            const message = { to: envelope.to, raw: data };
            messages.push(message);
            for (const waiter of waiting.splice(0)) waiter();
            envelope = { to: [] };
            data = "";
            reply("250 OK: queued");
          } else {
            data += (line.startsWith("..") ? line.slice(1) : line) + "\r\n";
          }
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === "EHLO") {
          reply("250-relais-test");
          reply("250 8BITMIME");
        } else if (command === "HELO") {
          reply("250 relais-test");
        } else if (command === "MAIL") {
          envelope = { to: [] };
          reply("250 OK");
        } else if (command === "RCPT") {
          const address = /<([^>]*)>/.exec(line)?.[1] ?? "";
          envelope.to.push(address.toLowerCase());
          reply("250 OK");
        } else if (command === "DATA") {
          inData = true;
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (command === "QUIT") {
          reply("221 Bye");
          socket.end();
        } else if (command === "RSET" || command === "NOOP") {
          reply("250 OK");
        } else {
          reply("502 Command not implemented");
        }
      }
    });
    socket.on("error", () => {});
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();

  /** The messages sent to `to`, with quoted-printable soft breaks undone. */
  function to(address) {
    return messages
      .filter((message) => message.to.includes(address.toLowerCase()))
      .map((message) => decodeQuotedPrintable(message.raw));
  }

  /** Waits for the `count`-th message to `address`. */
  async function waitFor(address, count = 1, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    while (to(address).length < count) {
      if (Date.now() > deadline) {
        throw new Error(`no email #${count} to ${address} within ${timeoutMs} ms (got ${messages.length} in all)`);
      }
      await new Promise((resolve) => {
        waiting.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return to(address)[count - 1];
  }

  return { port, to, waitFor, close: () => new Promise((resolve) => server.close(resolve)) };
}

function decodeQuotedPrintable(raw) {
  return raw
    .replace(/=\r\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The links in `message` that start with `prefix`, in order, each once. */
export function links(message, prefix) {
  const found = [];
  let at = message.indexOf(prefix);
  while (at >= 0) {
    const link = /^[^\s"<>]+/.exec(message.slice(at))[0];
    if (!found.includes(link)) found.push(link);
    at = message.indexOf(prefix, at + link.length);
  }
  return found;
}

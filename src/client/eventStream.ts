/** One message of a text/event-stream: its `event` name (default `message`), `data` and `id`. */
export interface StreamMessage {
  event: string;
  data: string;
  /** Set when the message carried an `id:` line. */
  id?: string;
}

/** Read the messages of a text/event-stream body until it ends. */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: StreamMessage) => void
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const message = parseBlock(block);
      if (message) {
        onMessage(message);
      }
    }
  }
}

function parseBlock(block: string): StreamMessage | null {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === 0) {
      continue; // a comment (heartbeat)
    }
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') {
      data.push(value);
    } else if (field === 'event') {
      event = value;
    } else if (field === 'id') {
      id = value;
    }
  }
  if (data.length === 0) {
    return null;
  }
  return { event, data: data.join('\n'), ...(id === undefined ? {} : { id }) };
}

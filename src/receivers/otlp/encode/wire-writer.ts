const LEN = 2;
const VARINT = 0;

const encoder = new TextEncoder();

/**
 * A minimal protobuf writer for the few small messages tokentally sends back (responses,
 * google.rpc.Status). Fields equal to their proto3 default are the caller's to omit.
 */
export class WireWriter {
  private buf = new Uint8Array(64);
  private pos = 0;

  /** An integer field (int32, int64, uint32, enum); negatives as 64-bit two's complement. */
  int(field: number, value: number): this {
    this.varint((field << 3) | VARINT);
    if (value >= 0) this.varint(value);
    else this.negative(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, encoder.encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.varint((field << 3) | LEN);
    this.varint(value.length);
    this.reserve(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
    return this;
  }

  /** An embedded message, written by `write` into its own writer. */
  message(field: number, write: (writer: WireWriter) => void): this {
    const inner = new WireWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** A non-negative integer up to 2^53. */
  private varint(value: number): void {
    this.reserve(10);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  private negative(value: number): void {
    let v = BigInt.asUintN(64, BigInt(value));
    this.reserve(10);
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + bytes));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }
}

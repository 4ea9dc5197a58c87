// Reads the integration's syrupy snapshots (tests/snapshots/*.ambr), so the card is tested
// against exactly the entities each simulated printer platform gets in Home Assistant.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SNAPSHOTS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "tests", "snapshots");

type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

/** Parses one snapshot value: dict({...}), list([...]), tuple(...), strings, numbers, enums. */
class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): Value {
    const value = this.value();
    this.space();
    if (this.pos !== this.text.length) this.fail("trailing text");
    return value;
  }

  private fail(why: string): never {
    throw new Error(`${why} at ${this.pos}: ${this.text.slice(this.pos, this.pos + 40)}`);
  }

  private space(): void {
    while (/\s/.test(this.text[this.pos] ?? "")) this.pos++;
  }

  private eat(token: string): boolean {
    this.space();
    if (this.text.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }

  private expect(token: string): void {
    if (!this.eat(token)) this.fail(`expected ${token}`);
  }

  private items(close: string, item: () => void): void {
    while (!this.eat(close)) {
      item();
      if (!this.eat(",")) {
        this.expect(close);
        return;
      }
    }
  }

  private value(): Value {
    this.space();
    if (this.eat("dict({")) {
      const result: Record<string, Value> = {};
      this.items("})", () => {
        const key = this.value();
        this.expect(":");
        result[String(key)] = this.value();
      });
      return result;
    }
    if (this.eat("list([")) {
      const result: Value[] = [];
      this.items("])", () => result.push(this.value()));
      return result;
    }
    if (this.eat("tuple(")) {
      const result: Value[] = [];
      this.items(")", () => result.push(this.value()));
      return result;
    }
    if (this.eat("<")) {
      // An enum member: <Class.NAME: value> stands for its value.
      const end = this.text.indexOf(":", this.pos);
      this.pos = end + 1;
      const value = this.value();
      this.expect(">");
      return value;
    }
    const quote = this.text[this.pos];
    if (quote === "'" || quote === '"') return this.string(quote);
    for (const [word, value] of [
      ["None", null],
      ["True", true],
      ["False", false],
    ] as const) {
      if (this.eat(word)) return value;
    }
    const number = /^-?\d+(\.\d+)?(e[-+]?\d+)?/i.exec(this.text.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      return Number(number[0]);
    }
    return this.fail("unexpected value");
  }

  private string(quote: string): string {
    let result = "";
    this.pos++;
    while (this.text[this.pos] !== quote) {
      const char = this.text[this.pos++];
      if (char === undefined) this.fail("unterminated string");
      if (char === "\\") {
        const next = this.text[this.pos++];
        result += next === "n" ? "\n" : next === "t" ? "\t" : next;
      } else {
        result += char;
      }
    }
    this.pos++;
    return result;
  }
}

/** Every snapshot of a .ambr file, by name, parsed. */
export const readSnapshots = (file: string): Map<string, Value> => {
  const text = readFileSync(join(SNAPSHOTS, file), "utf8");
  const result = new Map<string, Value>();
  for (const block of text.split(/^# ---$/m)) {
    const match = /^# name: (.+)$/m.exec(block);
    if (!match) continue;
    const body = block.slice(block.indexOf("\n", match.index) + 1);
    result.set(match[1], new Parser(body).parse());
  }
  return result;
};

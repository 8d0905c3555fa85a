import { validation } from '../errors.ts'

export type TokenKind = 'name' | 'alias' | 'value' | 'number' | 'symbol' | 'end'

/** One token of an expression: a bare name, `#alias`, `:value`, a list index or punctuation. */
export interface Token {
  kind: TokenKind
  text: string
  at: number
}

const SYMBOLS = ['<>', '<=', '>=', '=', '<', '>', '(', ')', '[', ']', ',', '.', '+', '-']
const WORD = /[A-Za-z0-9_]/

/** What DynamoDB calls the expression in its messages (`Invalid ConditionExpression: …`). */
export type ExpressionKind =
  | 'ConditionExpression'
  | 'KeyConditionExpression'
  | 'FilterExpression'
  | 'UpdateExpression'
  | 'ProjectionExpression'

export const syntaxError = (kind: ExpressionKind, token: Token, source: string) =>
  validation(
    `Invalid ${kind}: Syntax error; token: "${token.kind === 'end' ? '<EOF>' : token.text}", near: "${source
      .slice(Math.max(0, token.at - 8), token.at + token.text.length + 8)
      .trim()}"`,
  )

export const tokenize = (source: string, kind: ExpressionKind): Token[] => {
  const tokens: Token[] = []
  let i = 0
  while (i < source.length) {
    const char = source[i] as string
    if (/\s/.test(char)) {
      i++
      continue
    }
    const start = i
    if (char === '#' || char === ':') {
      i++
      while (i < source.length && WORD.test(source[i] as string)) i++
      if (i === start + 1) throw syntaxError(kind, { kind: 'symbol', text: char, at: start }, source)
      tokens.push({ kind: char === '#' ? 'alias' : 'value', text: source.slice(start, i), at: start })
      continue
    }
    if (WORD.test(char)) {
      while (i < source.length && WORD.test(source[i] as string)) i++
      const text = source.slice(start, i)
      tokens.push({ kind: /^\d+$/.test(text) ? 'number' : 'name', text, at: start })
      continue
    }
    const symbol = SYMBOLS.find((s) => source.startsWith(s, i))
    if (!symbol) throw syntaxError(kind, { kind: 'symbol', text: char, at: start }, source)
    tokens.push({ kind: 'symbol', text: symbol, at: start })
    i += symbol.length
  }
  tokens.push({ kind: 'end', text: '', at: source.length })
  return tokens
}

/** A cursor over the tokens with the helpers every parser needs. */
export class Cursor {
  private index = 0
  constructor(
    private readonly tokens: Token[],
    readonly kind: ExpressionKind,
    readonly source: string,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token
  }
  next(): Token {
    const token = this.peek()
    if (token.kind !== 'end') this.index++
    return token
  }
  /** True (and consumed) when the next token is this symbol or case-insensitive keyword. */
  accept(text: string): boolean {
    const token = this.peek()
    const matches =
      token.kind === 'symbol'
        ? token.text === text
        : token.kind === 'name' && token.text.toUpperCase() === text
    if (matches) this.index++
    return matches
  }
  isKeyword(text: string, offset = 0): boolean {
    const token = this.peek(offset)
    return token.kind === 'name' && token.text.toUpperCase() === text
  }
  expect(text: string): void {
    if (!this.accept(text)) throw this.error()
  }
  error(token: Token = this.peek()) {
    return syntaxError(this.kind, token, this.source)
  }
  end(): void {
    if (this.peek().kind !== 'end') throw this.error()
  }
}

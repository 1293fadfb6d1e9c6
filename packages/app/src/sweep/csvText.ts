/**
 * RFC 4180 text for the sweep table: quoting on the way out, and a reader that keeps track of
 * line numbers (quoted fields may span lines) so that every refusal can say where it is.
 */
import type { Fail } from './check'

/** A field as written: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/**
 * A number as its float32 value, in the fewest characters `toPrecision(9)` allows: nine
 * significant digits tell every float32 apart, so `Math.fround(Number(text))` gives it back exactly.
 */
export function formatFloat32(value: number): string {
  const [mantissa, exponent] = Math.fround(value).toPrecision(9).split('e')
  // trailing zeros of the fraction say nothing ("0.500000000" is 0.5); the integer part's do
  const short = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa
  return exponent === undefined ? short : `${short}e${exponent}`
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

/** A cell holding a decimal number (no `NaN`, `Infinity`, hex or blanks), or null. */
export function parseDecimal(cell: string): number | null {
  return NUMBER.test(cell) ? Number(cell) : null
}

export interface CsvRecord {
  /** the line the record starts on, 1-based */
  line: number
  fields: string[]
}

/**
 * The records of `text` from offset `start` (on line `line`). More than `most` records (refused
 * with `tooMany`), or more than `fields` fields in one, are refused before they are held in
 * memory. Line breaks are LF or CRLF; blank lines at the end are ignored.
 */
export function readCsvRecords(text: string, start: number, line: number, limits: { most: number; fields: number; tooMany: string }, fail: Fail): CsvRecord[] {
  let end = text.length
  while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--
  const records: CsvRecord[] = []
  let i = start
  while (i < end) {
    if (records.length === limits.most) fail(`line ${line}`, limits.tooMany)
    const record: CsvRecord = { line, fields: [] }
    for (;;) {
      if (record.fields.length === limits.fields) fail(`line ${record.line}`, `more than ${limits.fields} fields, the number of columns`)
      let value: string
      if (text[i] === '"') {
        value = ''
        let from = i + 1
        for (;;) {
          const quote = text.indexOf('"', from)
          if (quote < 0 || quote >= end) fail(`line ${record.line}`, 'a quoted field is never closed')
          value += text.slice(from, quote)
          if (text[quote + 1] !== '"') {
            i = quote + 1
            break
          }
          value += '"'
          from = quote + 2
        }
        for (let at = value.indexOf('\n'); at >= 0; at = value.indexOf('\n', at + 1)) line++
        if (i < end && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) fail(`line ${line}`, 'text after the closing quote of a field')
      } else {
        let stop = i
        while (stop < end && text[stop] !== ',' && text[stop] !== '\n') stop++
        value = text.slice(i, text[stop - 1] === '\r' && text[stop] === '\n' ? stop - 1 : stop)
        if (value.includes('"')) fail(`line ${line}`, 'a quote inside a field that is not quoted')
        i = stop
      }
      record.fields.push(value)
      if (i < end && text[i] === ',') {
        i++
        continue
      }
      if (text[i] === '\r') i++
      i++ // the line break (or past the end)
      line++
      break
    }
    records.push(record)
  }
  return records
}

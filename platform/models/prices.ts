import { z } from 'zod'
import prices from './prices.json' with { type: 'json' }

const Price = z
  .object({ inputPerMTok: z.number().nonnegative(), outputPerMTok: z.number().nonnegative() })
  .strict()

const PriceTable = z
  .object({
    $comment: z.string().optional(),
    versions: z
      .array(
        z
          .object({
            version: z.string().min(1).max(40),
            /** Keyed `provider/model`, as a model call records them. */
            models: z.record(z.string(), Price),
            /** A model the table does not name is priced high rather than free. */
            unknownModel: Price,
          })
          .strict(),
      )
      .min(1),
  })
  .strict()

export type PriceVersion = z.infer<typeof PriceTable>['versions'][number]

/** The versioned price table (`prices.json`), parsed once; the last version is the current one. */
export const PRICE_TABLE: readonly PriceVersion[] = PriceTable.parse(prices).versions

/** The price table in force: what new usage is priced with. */
export const currentPrices = (): PriceVersion => PRICE_TABLE.at(-1) as PriceVersion

/** A published version by name, to price usage again as it was priced (the audit). */
export const pricesVersion = (version: string): PriceVersion | undefined =>
  PRICE_TABLE.find((v) => v.version === version)

/**
 * The cost in USD of one model call's tokens under a price version, rounded to a millionth of a
 * cent so sums of the same calls are the same everywhere.
 * @example costOf(currentPrices(), { provider: 'offline', model: 'chorus-offline-1', inputTokens: 100, outputTokens: 20 })
 */
export const costOf = (
  prices: PriceVersion,
  call: { provider: string; model: string; inputTokens: number; outputTokens: number },
): number => {
  const price = prices.models[`${call.provider}/${call.model}`] ?? prices.unknownModel
  return roundUsd(
    (call.inputTokens * price.inputPerMTok + call.outputTokens * price.outputPerMTok) / 1_000_000,
  )
}

/** Rounds to 1e-8 USD: costs are summed as floats, and the same sum must compare equal. */
export const roundUsd = (usd: number): number => Math.round(usd * 1e8) / 1e8

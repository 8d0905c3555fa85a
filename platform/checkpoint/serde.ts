import { JsonPlusSerializer } from '@langchain/langgraph-checkpoint'

const decoder = new TextDecoder()

/**
 * LangGraph's JSON serializer, reading without its reviver when nothing needs reviving. The reviver
 * walks every value of a checkpoint with a promise each (2–3 % of a step's CPU) only to rebuild the
 * values that were written as `{"lc": …}` records (undefined, Set, Map, Uint8Array, Error, delta
 * snapshots, LangChain objects). JSON without an `"lc"` key has none of them, and plain `JSON.parse`
 * gives the same values; anything else goes through the reviver as before.
 */
export class CheckpointSerde extends JsonPlusSerializer {
  override async loadsTyped(type: string, data: Uint8Array | string): Promise<unknown> {
    if (type !== 'json') return super.loadsTyped(type, data)
    const text = typeof data === 'string' ? data : decoder.decode(data)
    // A record to revive is an object with the key "lc"; inside a string the quotes are escaped.
    return text.includes('"lc"') ? super.loadsTyped(type, text) : JSON.parse(text)
  }
}

/** Tool calls the offline model makes when an instruction plainly asks for them. */
export const offlineToolCalls = (prompt: string, toolNames: readonly string[]) => {
  const calls: { id: string; name: string; args: Record<string, unknown> }[] = []
  const fetchTool = toolNames.find((n) => /fetch/.test(n))
  const readTool = toolNames.find((n) => /read/.test(n))
  const url = prompt.match(/https?:\/\/[^\s"'<>)]+/)?.[0]
  if (fetchTool && url) calls.push({ id: `offline_${calls.length}`, name: fetchTool, args: { url } })
  const file = prompt.match(/(?:^|\s)([\w./-]+\.(?:txt|md|json|csv))\b/)?.[1]
  if (readTool && file && !file.includes('://'))
    calls.push({ id: `offline_${calls.length}`, name: readTool, args: { path: file } })
  return calls
}

import { describe, expect, it } from 'vitest'
import { ChorusError, describeError } from './chorus-error.ts'
import { redactPaths } from './redact-paths.ts'

describe('redactPaths', () => {
  it.each([
    [
      "ENOENT: no such file or directory, open '/srv/chorus/data/blobs/x.json'",
      "ENOENT: no such file or directory, open '<path>'",
    ],
    [
      'Cannot find module /work/main/services/x.ts imported from /work/main/y.ts',
      'Cannot find module <path> imported from <path>',
    ],
    ['failed at file:///home/app/modules/graph.mjs:3:7', 'failed at <path>'],
    ['cannot read C:\\chorus\\modules\\graph.ts', 'cannot read <path>'],
    ['(/tmp/chorus-workspace/a.txt)', '(<path>)'],
    ['path=/var/lib/chorus,', 'path=<path>,'],
  ])('hides the path in %s', (message, expected) => {
    expect(redactPaths(message)).toBe(expected)
  })

  it.each([
    'request to https://api.openai.com/v1/chat/completions failed',
    'no route for GET /runs',
    'module summarize/graph.ts has no function export "createGraph"',
    'body.tools.1: unknown tool "teleport"',
  ])('keeps %s', (message) => {
    expect(redactPaths(message)).toBe(message)
  })

  it("redacts a foreign error's message when it is described for an event, never a Chorus error's", () => {
    expect(describeError(new Error("EACCES: permission denied, open '/srv/chorus/x'")).message).toBe(
      "EACCES: permission denied, open '<path>'",
    )
    expect(describeError('thrown /srv/chorus/x').message).toBe('thrown <path>')
    expect(
      describeError(new ChorusError('tool.pathRefused', 'absolute paths are not allowed: /etc/passwd')),
    ).toMatchObject({ message: 'absolute paths are not allowed: /etc/passwd' })
  })
})

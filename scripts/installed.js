// The last line of `npm ci`: which Node runs Chorus. The project brings its own Node 22 (the `node` dev
// dependency), so npm on an older system Node installs it, and every npm script and `npx chorus` runs on 22.
import { execFileSync } from 'node:child_process'

const bundled = execFileSync('node', ['--version'], { encoding: 'utf8' }).trim()
// npm names the Node it runs on in its user agent: "npm/11.19.1 node/v20.20.2 linux x64 …".
const system = /\bnode\/(v[\d.]+)/.exec(process.env.npm_config_user_agent ?? '')?.[1]
const note = system && system !== bundled ? `; npm itself ran on the system's Node ${system}` : ''
process.stdout.write(
  `chorus: installed. npm scripts and npx chorus run on Node ${bundled} (the node dev dependency)${note}.\n`,
)

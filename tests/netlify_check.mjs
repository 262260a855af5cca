// Reads Strom's generated _redirects and _headers and a netlify.toml with
// Netlify's own parsers; prints what they understood and every error as JSON.
// For each sample path it lists every value each header gets from all the
// rules that match (Netlify joins values of one header set by two rules).
// Usage: node tests/netlify_check.mjs OUTPUT_DIR REPOSITORY_ROOT '["/sample/path/", ...]'
import { join } from 'node:path'
import { parseAllRedirects } from '@netlify/redirect-parser'
import { parseAllHeaders } from '@netlify/headers-parser'
import { resolveConfig } from '@netlify/config'

const [output, root, samples = '[]'] = process.argv.slice(2)
const netlifyConfigPath = join(root, 'netlify.toml')
const messages = (errors) => errors.map((error) => String(error.message ?? error))

const redirects = await parseAllRedirects({
  redirectsFiles: [join(output, '_redirects')],
  netlifyConfigPath,
  minimal: false,
})
const headers = await parseAllHeaders({
  headersFiles: [join(output, '_headers')],
  netlifyConfigPath,
  minimal: false,
})
let config = null
let configError = null
try {
  const resolved = await resolveConfig({ repositoryRoot: root, cwd: root, offline: true, buffer: true })
  config = resolved.config
} catch (error) {
  configError = String(error.message ?? error)
}

const matches = Object.fromEntries(JSON.parse(samples).map((path) => {
  const values = {}
  for (const rule of headers.headers.filter(({ forRegExp }) => forRegExp.test(path))) {
    for (const [name, value] of Object.entries(rule.values)) {
      ;(values[name.toLowerCase()] ??= []).push(value)
    }
  }
  return [path, values]
}))

console.log(JSON.stringify({
  redirects: redirects.redirects.map(({ from, to, status, force }) => ({ from, to, status, force })),
  redirectErrors: messages(redirects.errors),
  headers: headers.headers.map(({ for: path, values }) => ({ path, values })),
  headerErrors: messages(headers.errors),
  matches,
  config: config && { build: config.build },
  configError,
}))

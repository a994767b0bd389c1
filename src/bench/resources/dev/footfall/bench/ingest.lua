-- wrk script for `footfall bench ingest --load wrk`: the same request mix as EventMix.java
-- (skewed pages, referrers, real browser user agents, some custom events, client IPs across
-- 10.0.0.0/8 in X-Forwarded-For). Usage: wrk ... -s ingest.lua URL -- DOMAIN
local domain = "bench.footfall.local"
local user_agents = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"}
local referrers = {"", "", "", "https://www.google.com/", "https://news.ycombinator.com/", "https://duckduckgo.com/",
  "https://github.com/footfall", "https://t.co/abc", "https://www.reddit.com/r/selfhosted/"}
local pages = {"/", "/", "/", "/pricing", "/docs", "/docs/install", "/docs/api", "/blog", "/blog/why-rollups",
  "/blog/privacy", "/about", "/contact", "/pricing?utm_source=newsletter&utm_medium=email"}
local custom_event_every = 20 -- as EventMix: one request in twenty is a custom event with properties

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("seed", threads)
end

function init(args)
  if args[1] then domain = args[1] end
  math.randomseed(os.time() * 1000 + seed) -- distinct visitors per wrk thread
end

function request()
  local body
  if math.random(custom_event_every) == 1 then
    body = '{"n":"Signup","u":"https://' .. domain .. '/pricing","d":"' .. domain .. '","p":{"plan":"pro"}}'
  else
    body = '{"n":"pageview","u":"https://' .. domain .. pages[math.random(#pages)] .. '","d":"' .. domain
      .. '","r":"' .. referrers[math.random(#referrers)] .. '"}'
  end
  local ip = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format("POST", "/api/event", {["Content-Type"] = "text/plain",
    ["User-Agent"] = user_agents[math.random(#user_agents)], ["X-Forwarded-For"] = ip}, body)
end

-- One machine-readable line for the bench command; wrk's own report is printed above it.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("FOOTFALL-BENCH requests=%d non2xx=%d socket_errors=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(99), latency.max))
end

-- ARGV: prefix, maxlen, batch size
-- evicts at most one batch of expired leases; returns a table of "service/id", one per evicted instance.
-- Running in one script makes every eviction exactly-once, however many registry servers reap.
local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', now(), 'LIMIT', 0, tonumber(ARGV[3]))
local evicted = {}
for _, member in ipairs(expired) do
  local slash = string.find(member, '/', 1, true)
  local service, id = string.sub(member, 1, slash - 1), string.sub(member, slash + 1)
  if remove('expire', service, id) then
    evicted[#evicted + 1] = member
  end
end
return evicted

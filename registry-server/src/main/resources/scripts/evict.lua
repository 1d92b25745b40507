-- KEYS[1]: the partition's base key; ARGV: maxlen, batch size, outage-after ms, '1' when this
-- server could not reach Redis since its last run, max expiry share (0..1), expiry window ms
-- evicts at most one batch of the partition's expired leases. Returns a table: whether an outage grace began
-- now ('1' or '0'), how many expired leases the batch took, how many of them the grace extended,
-- how many were evicted, the evicted instances ("service/id"), then the instances kept past
-- their lease by the expiry limit.
-- Running in one script makes every eviction exactly-once, however many registry servers reap.
local batch, outageAfter, wasAway = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4] == '1'
local maxShare, window = tonumber(ARGV[5]), tonumber(ARGV[6])
local lastRun, resumedAt, outages = base .. ':reaper:last-run', base .. ':reaper:resumed', base .. ':outages'
local time = now()

-- no reaper ran on the partition, on any server, for longer than they allow: its Redis node, or
-- every registry server, was away. Instances could not renew meanwhile through no fault of theirs, so from now on each lease
-- gets one full term before it may be evicted. (No earlier run at all is a new or emptied Redis,
-- which holds no lease that could have lapsed.)
local last = tonumber(redis.call('GET', lastRun) or '0')
redis.call('SET', lastRun, time)
local graceBegan = '0'
if wasAway or (last > 0 and time - last > outageAfter) then
  redis.call('SET', resumedAt, time)
  redis.call('XADD', outages, 'MAXLEN', '~', 1000, '*', 'resumed', time, 'last-run', last,
    'cause', wasAway and 'server' or 'gap')
  graceBegan = '1'
end
local resumed = tonumber(redis.call('GET', resumedAt) or '0')

local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', time, 'LIMIT', 0, batch)
local evicted, kept, extended = {}, {}, 0
for _, member in ipairs(expired) do
  local slash = string.find(member, '/', 1, true)
  local service, id = string.sub(member, 1, slash - 1), string.sub(member, slash + 1)
  local ttl = tonumber(redis.call('HGET', key(service, 'ttl'), id) or '0')
  if resumed + ttl > time then
    redis.call('ZADD', leases, resumed + ttl, member)
    extended = extended + 1
  else
    -- at most maxShare of a service's instances expire within one window: when most leases of a
    -- service lapse at once, the instances are more likely cut off from the registry than dead
    local burst = key(service, 'expiries')
    local expiredInWindow = tonumber(redis.call('GET', burst) or '0')
    local registered = tonumber(redis.call('HGET', services, service) or '0')
    local allowed = math.max(1, math.floor(maxShare * (registered + expiredInWindow)))
    if expiredInWindow >= allowed then
      local left = redis.call('PTTL', burst)
      redis.call('ZADD', leases, time + math.max(left, 1), member)
      kept[#kept + 1] = member
    elseif remove('expire', service, id) then
      if redis.call('INCR', burst) == 1 then
        redis.call('PEXPIRE', burst, window)
      end
      evicted[#evicted + 1] = member
    end
  end
end

local reply = { graceBegan, tostring(#expired), tostring(extended), tostring(#evicted) }
for _, member in ipairs(evicted) do
  reply[#reply + 1] = member
end
for _, member in ipairs(kept) do
  reply[#reply + 1] = member
end
return reply

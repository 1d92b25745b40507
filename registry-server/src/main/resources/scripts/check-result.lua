-- KEYS[1]: the partition's base key; ARGV: maxlen, service, id, '1' passed or '0' failed,
-- failures before DOWN, passes before UP, deregister-after ms ('0': never), lease ms
-- records one run of an instance's health check. A pass renews the lease as a heartbeat would;
-- a failure renews it only while the check may still fail (deregister-after), so that without
-- it a failing instance's lease runs out as without heartbeats. Enough consecutive results
-- turn the instance DOWN or UP, a status change like any other; failing for deregister-after
-- removes it, an expiry like any other. Returns 'unknown' (the instance or its check is gone),
-- 'passed', 'failed', 'up', 'down' or 'removed'.
local service, id, passed = ARGV[2], ARGV[3], ARGV[4] == '1'
local failuresBeforeDown, passesBeforeUp = tonumber(ARGV[5]), tonumber(ARGV[6])
local deregisterAfter, lease = tonumber(ARGV[7]), tonumber(ARGV[8])
local member = service .. '/' .. id
if not redis.call('ZSCORE', checks, member) then
  return 'unknown'
end
local time = now()
local failures, passes, failingSince = 0, 0, 0
local state = redis.call('HGET', checkStates, member)
if state then
  local f, p, s = string.match(state, '(%d+) (%d+) (%d+)')
  failures, passes, failingSince = tonumber(f), tonumber(p), tonumber(s)
end
local status = redis.call('HGET', key(service, 'status'), id)
local outcome
if passed then
  failures, passes, failingSince = 0, passes + 1, 0
  redis.call('ZADD', leases, time + lease, member)
  outcome = 'passed'
  -- OUT_OF_SERVICE is an operator's decision: checks leave it alone
  if passes >= passesBeforeUp and (status == 'DOWN' or status == 'STARTING') then
    renew(service, id, 'UP', false, time)
    outcome = 'up'
  end
else
  failures, passes = failures + 1, 0
  if failingSince == 0 then
    failingSince = time
  end
  if deregisterAfter > 0 then
    if time - failingSince >= deregisterAfter then
      remove('expire', service, id)
      return 'removed'
    end
    redis.call('ZADD', leases, time + lease, member)
  end
  outcome = 'failed'
  if failures >= failuresBeforeDown and (status == 'UP' or status == 'STARTING') then
    renew(service, id, 'DOWN', false, time)
    outcome = 'down'
  end
end
redis.call('HSET', checkStates, member, string.format('%d %d %d', failures, passes, failingSince))
return outcome

-- Shared by every script of the registry. A script works on one partition: KEYS[1] is the
-- partition's base key, which carries its Redis Cluster hash tag, and every key the script
-- touches starts with it (its services' keys, its lease index, service index and change stream),
-- so that the whole script runs on one slot.
local base = KEYS[1]
local maxlen = ARGV[1]

local function key(service, suffix)
  return base .. ':svc:' .. service .. ':' .. suffix
end

local leases = base .. ':leases'
local services = base .. ':services'
local servicesUp = base .. ':services:up'
local events = base .. ':events'
local eventsAdded = base .. ':events:added'
-- health checks run by the registry: 'service/id' -> when next due (ms on Redis's clock), its
-- interval in ms, and its count of consecutive results
local checks = base .. ':checks'
local checkIntervals = base .. ':checks:interval'
local checkStates = base .. ':checks:state'

local function removeCheck(member)
  redis.call('ZREM', checks, member)
  redis.call('HDEL', checkIntervals, member)
  redis.call('HDEL', checkStates, member)
end

-- milliseconds on Redis's clock, so every registry server measures leases on the same clock
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function adjustUp(service, before, after)
  if before ~= 'UP' and after == 'UP' then
    redis.call('HINCRBY', servicesUp, service, 1)
  elseif before == 'UP' and after ~= 'UP' then
    if redis.call('HINCRBY', servicesUp, service, -1) <= 0 then
      redis.call('HDEL', servicesUp, service)
    end
  end
end

-- bumps the service's revision and appends one event to the change log; returns the revision
local function record(type, service, id, status, instance)
  local revision = redis.call('INCR', key(service, 'rev'))
  -- counts every event ever added, so that a reader can tell whether the stream was trimmed
  redis.call('INCR', eventsAdded)
  redis.call('XADD', events, 'MAXLEN', '~', maxlen, '*',
    'type', type, 'service', service, 'id', id, 'revision', revision, 'status', status, 'instance', instance)
  return revision
end

-- removes one instance with its lease; returns the service's new revision, or false when the
-- instance was not registered
local function remove(type, service, id)
  local instance = redis.call('HGET', key(service, 'instances'), id)
  redis.call('ZREM', leases, service .. '/' .. id)
  removeCheck(service .. '/' .. id)
  if not instance then
    return false
  end
  local status = redis.call('HGET', key(service, 'status'), id)
  redis.call('HDEL', key(service, 'instances'), id)
  redis.call('HDEL', key(service, 'status'), id)
  redis.call('HDEL', key(service, 'ttl'), id)
  redis.call('HDEL', key(service, 'since'), id)
  if redis.call('HINCRBY', services, service, -1) <= 0 then
    redis.call('HDEL', services, service)
  end
  adjustUp(service, status, 'REMOVED')
  return record(type, service, id, status, instance)
end

-- renews one lease (when renewLease) and sets the status (unless it is ''), at the given time;
-- returns 'unknown', 'renewed', or 'changed' when the status changed (an event was recorded)
local function renew(service, id, status, renewLease, time)
  local ttl = redis.call('HGET', key(service, 'ttl'), id)
  if not ttl then
    return 'unknown'
  end
  if renewLease then
    redis.call('ZADD', leases, time + tonumber(ttl), service .. '/' .. id)
  end
  if status == '' then
    return 'renewed'
  end
  local statuses = key(service, 'status')
  local previousStatus = redis.call('HGET', statuses, id)
  if previousStatus == status then
    return 'renewed'
  end
  redis.call('HSET', statuses, id, status)
  adjustUp(service, previousStatus, status)
  local instance = redis.call('HGET', key(service, 'instances'), id)
  record('status', service, id, status, instance)
  return 'changed'
end

-- the status a heartbeat sets: its own, unless it says UP while the instance's health check,
-- failed at its latest run, holds it DOWN; the check outranks the instance's word about itself,
-- or a process that still heartbeats but no longer serves would flap between UP and DOWN
local function heartbeatStatus(service, id, status)
  if status ~= 'UP' then
    return status
  end
  local state = redis.call('HGET', checkStates, service .. '/' .. id)
  if state and tonumber(string.match(state, '^(%d+)')) > 0
      and redis.call('HGET', key(service, 'status'), id) == 'DOWN' then
    return ''
  end
  return status
end

-- appends id, status, instance json of every instance of a service to a list; returns how
-- many. The statuses come in one HGETALL: a call per instance cost most of a read's time
local function appendInstances(list, service)
  local entries = redis.call('HGETALL', key(service, 'instances'))
  local statusEntries = redis.call('HGETALL', key(service, 'status'))
  local statusOf = {}
  for i = 1, #statusEntries, 2 do
    statusOf[statusEntries[i]] = statusEntries[i + 1]
  end
  for i = 1, #entries, 2 do
    list[#list + 1] = entries[i]
    list[#list + 1] = statusOf[entries[i]] or 'UNKNOWN'
    list[#list + 1] = entries[i + 1]
  end
  return #entries / 2
end

-- a list as one bulk reply, one element per line (no element holds a newline: names are
-- validated and JSON escapes it); the client decodes one bulk string far faster than a
-- multi-bulk reply of many small elements
local function lines(list)
  return table.concat(list, '\n')
end

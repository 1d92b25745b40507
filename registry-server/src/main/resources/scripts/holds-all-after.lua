-- KEYS[1]: the partition's base key; ARGV: maxlen (unused), position ('0-0' for none)
-- returns 1 when the change stream still holds every event after the position, else 0
local position = ARGV[2]
local length = redis.call('XLEN', events)
if position == '0-0' then
  -- a watcher that has seen no event of the partition needs all of them: nothing trimmed
  local added = tonumber(redis.call('GET', eventsAdded) or '0')
  return (added == length) and 1 or 0
end
local oldest = redis.call('XRANGE', events, '-', '+', 'COUNT', 1)[1]
if not oldest then
  return 0
end
-- the position names an event this stream held: it is still held, or it was trimmed (and
-- maybe the ones after it), or the stream is another one since Redis lost its data
local function parse(id)
  local dash = string.find(id, '-', 1, true)
  return tonumber(string.sub(id, 1, dash - 1)), tonumber(string.sub(id, dash + 1))
end
local positionMillis, positionSeq = parse(position)
local oldestMillis, oldestSeq = parse(oldest[1])
return (positionMillis > oldestMillis or (positionMillis == oldestMillis and positionSeq >= oldestSeq)) and 1 or 0

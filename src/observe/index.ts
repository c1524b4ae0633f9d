// The public face of src/observe: what other parts may use. Everything else can change without
// looking outside the folder.
export { createLogger, type Logger } from './logger.ts';
export { RedisMetrics, type Metrics } from './metrics.ts';
export { MetricsPage } from './render-metrics.ts';
export { isPassingRedisError, RedisOutage } from './redis-outage.ts';

package io.draftnrun.adapter.out.redis;

import io.draftnrun.application.shared.HealthStatus;
import io.draftnrun.application.shared.port.HealthProbe;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The process's one Redisson client, with a health probe. */
public final class RedisConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);

    private final RedissonClient client;
    private final String location;

    public RedisConnection(String host, int port, String password) {
        this.location = host + ":" + port;
        Config config = new Config();
        var server = config.useSingleServer()
                .setAddress("redis://" + host + ":" + port)
                .setConnectTimeout(3_000)
                .setTimeout(3_000)
                .setRetryAttempts(2)
                .setConnectionMinimumIdleSize(2)
                .setConnectionPoolSize(16)
                .setSubscriptionConnectionPoolSize(8);
        if (password != null && !password.isEmpty()) {
            server.setPassword(password);
        }
        config.setThreads(2);
        config.setNettyThreads(4);
        this.client = Redisson.create(config);
        LOG.info("connected to Redis at {}", location);
    }

    public RedissonClient client() {
        return client;
    }

    public String location() {
        return location;
    }

    public HealthProbe healthProbe() {
        return new HealthProbe() {
            @Override
            public String name() {
                return "redis";
            }

            @Override
            public HealthStatus check() {
                try {
                    return client.getRedisNodes(org.redisson.api.redisnode.RedisNodes.SINGLE)
                                    .pingAll(2, java.util.concurrent.TimeUnit.SECONDS)
                            ? HealthStatus.ok()
                            : HealthStatus.down("no answer from " + location);
                } catch (RuntimeException e) {
                    return HealthStatus.down("unreachable at " + location);
                }
            }
        };
    }

    @Override
    public void close() {
        client.shutdown();
    }
}

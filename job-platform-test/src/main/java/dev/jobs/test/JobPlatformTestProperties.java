package dev.jobs.test;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * The settings {@link JobPlatformTest} adds: where the test services are (over the application's
 * configuration, under the test's own properties, system properties and environment variables) and
 * short engine timings (under everything).
 */
public class JobPlatformTestProperties implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String SERVICES = "jobPlatformTestServices";

	static final String TIMINGS = "jobPlatformTestTimings";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		MapPropertySource services = new MapPropertySource(SERVICES, services());
		if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, services);
		}
		else {
			sources.addFirst(services);
		}
		sources.addLast(new MapPropertySource(TIMINGS, timings()));
	}

	static Map<String, Object> services() {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("spring.datasource.url",
				"jdbc:postgresql://${JOBS_DB_HOST:127.0.0.1}:${JOBS_DB_PORT:5432}/${JOBS_TEST_DB_NAME:jobs_test}");
		p.put("spring.datasource.username", "${JOBS_DB_USER:postgres}");
		p.put("spring.datasource.password", "${JOBS_DB_PASSWORD:}");
		p.put("spring.rabbitmq.host", "${JOBS_RABBIT_HOST:127.0.0.1}");
		p.put("spring.rabbitmq.port", "${JOBS_RABBIT_PORT:5672}");
		p.put("spring.rabbitmq.username", "${JOBS_RABBIT_USER:guest}");
		p.put("spring.rabbitmq.password", "${JOBS_RABBIT_PASSWORD:guest}");
		p.put("jobs.broker.prefix", "${JOBS_TEST_BROKER_PREFIX:jobs-test}");
		return p;
	}

	static Map<String, Object> timings() {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("jobs.relay.interval", "200ms");
		p.put("jobs.relay.min-age", "2s");
		p.put("jobs.lease.duration", "3s");
		p.put("jobs.lease.heartbeat-interval", "500ms");
		p.put("jobs.lease.reaper-interval", "500ms");
		p.put("jobs.worker.drain-timeout", "2s");
		p.put("jobs.defaults.backoff-initial", "200ms");
		p.put("jobs.defaults.backoff-multiplier", "1");
		p.put("jobs.defaults.backoff-max", "1s");
		p.put("jobs.defaults.backoff-jitter", "0ms");
		return p;
	}

}

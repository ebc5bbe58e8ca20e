package dev.jobs.core.diagnostic;

import javax.sql.DataSource;

import dev.jobs.core.PlatformSchema;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The diagnostic job types {@code NOOP} and {@code SLEEP}, when {@code jobs.diagnostics.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "jobs.diagnostics.enabled", havingValue = "true")
public class DiagnosticsConfiguration {

	@Bean
	NoopJobHandler noopJobHandler() {
		return new NoopJobHandler();
	}

	@Bean
	SleepJobHandler sleepJobHandler(DataSource dataSource, PlatformSchema schema) {
		return new SleepJobHandler(schema.jdbcClient(dataSource));
	}

}

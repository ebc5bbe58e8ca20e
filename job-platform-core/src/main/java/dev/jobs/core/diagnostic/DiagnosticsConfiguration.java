package dev.jobs.core.diagnostic;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The diagnostic job types {@code NOOP} and {@code SLEEP}, when {@code jobs.diagnostics.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "jobs.diagnostics.enabled", havingValue = "true")
public class DiagnosticsConfiguration {

	@Bean
	NoopJobHandler noopJobHandler() {
		return new NoopJobHandler();
	}

	@Bean
	SleepJobHandler sleepJobHandler(DataSource dataSource) {
		return new SleepJobHandler(JdbcClient.create(dataSource));
	}

}

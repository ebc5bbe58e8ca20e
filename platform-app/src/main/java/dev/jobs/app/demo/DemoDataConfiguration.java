package dev.jobs.app.demo;

import javax.sql.DataSource;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The demo data loader is always there for tests and benchmarks to call; it fills empty tables at
 * start-up only with {@code demo.data.enabled=true} (or the {@code demo} profile).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DemoDataProperties.class)
class DemoDataConfiguration {

	@Bean
	DemoDataLoader demoDataLoader(DataSource dataSource, PlatformTransactionManager transactionManager,
			DemoDataProperties properties) {
		return new DemoDataLoader(dataSource, transactionManager, properties.getSeed(), properties.getDeletedRatio());
	}

	/** Runs before the application reports itself ready, so a benchmark can wait for readiness. */
	@Bean
	@ConditionalOnProperty(name = "demo.data.enabled", havingValue = "true")
	ApplicationRunner demoDataOnStartup(DemoDataLoader loader, DemoDataProperties properties) {
		return args -> loader.loadIfEmpty(properties.getEmployees(), properties.getUsers());
	}

}

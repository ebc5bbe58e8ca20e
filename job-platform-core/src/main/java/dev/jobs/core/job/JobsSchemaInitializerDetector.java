package dev.jobs.core.job;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;

/**
 * Tells Spring Boot that {@link JobsSchema} initialises the database, so the start-up order is Boot's own:
 * initialisers found by a detector of higher order run after those of lower order (the application's Flyway,
 * order 1, first: on an empty database its tables come before ours), and every bean marked
 * {@link DependsOnDatabaseInitialization} (the job store, the schedules) is created after all of them.
 * Registered in {@code META-INF/spring.factories}, where Boot looks for detectors.
 */
final class JobsSchemaInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(JobsSchema.class);
	}

	@Override
	public int getOrder() {
		return 10;
	}

}

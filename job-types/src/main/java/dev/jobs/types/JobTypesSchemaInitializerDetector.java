package dev.jobs.types;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;

/**
 * Tells Spring Boot that {@link JobTypesSchema} initialises the database, so its order is Boot's own: after the
 * application's Flyway (a detector of lower order), and before every bean marked
 * {@link DependsOnDatabaseInitialization} (the operation log's store and retention, the notification
 * recipients). Registered in {@code META-INF/spring.factories}, as the core's schema is.
 */
final class JobTypesSchemaInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(JobTypesSchema.class);
	}

	@Override
	public int getOrder() {
		return 10;
	}

}

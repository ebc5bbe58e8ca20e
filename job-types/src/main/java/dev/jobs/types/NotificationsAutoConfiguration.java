package dev.jobs.types;

import javax.sql.DataSource;

import dev.jobs.core.autoconfigure.JobsAutoConfiguration;
import dev.jobs.types.notification.NotificationConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Import;

/**
 * The built-in {@code NOTIFICATION} job type (email and in-app), in any application with the job
 * platform and the notification tables. Switched off by {@code jobs.notifications.enabled=false}.
 */
@AutoConfiguration(after = JobsAutoConfiguration.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(name = "jobs.notifications.enabled", matchIfMissing = true)
@Import(NotificationConfiguration.class)
public class NotificationsAutoConfiguration {

}

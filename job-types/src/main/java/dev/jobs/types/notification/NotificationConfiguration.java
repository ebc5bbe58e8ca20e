package dev.jobs.types.notification;

import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;


import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import dev.jobs.core.Batches;
import dev.jobs.core.JobEndListener;
import dev.jobs.core.PlatformSchema;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers {@code NOTIFICATION} and the stores its REST API uses. Its tables come with job-types'
 * own migrations ({@code dev/jobs/types/db/migration}); its users come from a {@link UserDirectory}
 * bean, by default {@link AppUserDirectory} on an {@code app_user} table.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
public class NotificationConfiguration {

	/** The languages there are templates for. */
	static final List<Locale> LOCALES = List.of(Locale.forLanguageTag("zh-CN"), Locale.ENGLISH);

	@Bean
	@ConditionalOnMissingBean(UserDirectory.class)
	UserDirectory notificationUserDirectory(DataSource dataSource) {
		return new AppUserDirectory(JdbcClient.create(dataSource));
	}

	@Bean
	@DependsOnDatabaseInitialization
	Recipients notificationRecipients(UserDirectory users) {
		return new Recipients(users);
	}

	@Bean
	NotificationInbox notificationInbox(DataSource dataSource, PlatformSchema schema) {
		return new NotificationInbox(schema.jdbcClient(dataSource));
	}

	@Bean
	NotificationPreferences notificationPreferences(DataSource dataSource, PlatformSchema schema,
			PlatformTransactionManager transactions) {
		return new NotificationPreferences(schema.jdbcClient(dataSource), new TransactionTemplate(transactions));
	}

	/** Export owners hear of their export's end: in-app, and by email if they want it. */
	@Bean
	JobEndListener exportNotifications(Recipients recipients, NotificationPreferences preferences,
			NotificationProperties properties, ObjectProvider<MeterRegistry> meters, ObjectProvider<Batches> batches) {
		return new ExportNotifications(properties.getExportTypes(), recipients, preferences,
				meters.getIfAvailable(SimpleMeterRegistry::new), batches::getIfAvailable);
	}

	@Bean
	NotificationRenderer notificationRenderer(NotificationProperties properties) {
		return new NotificationRenderer(LOCALES, properties.getDefaultLocale());
	}

	@Bean
	NotificationHandler notificationHandler(DataSource dataSource, PlatformSchema schema, Recipients recipients,
			NotificationPreferences preferences, NotificationRenderer renderer, NotificationInbox inbox,
			ObjectProvider<JavaMailSender> mail, NotificationProperties properties,
			PlatformTransactionManager transactions, ObjectProvider<MeterRegistry> meters) {
		InternetAddress from = from(properties.getFrom());
		NotificationDeliveries deliveries = new NotificationDeliveries(schema.jdbcClient(dataSource));
		return new NotificationHandler(recipients, preferences, renderer, deliveries, () -> {
			JavaMailSender sender = mail.getIfAvailable();
			return (sender != null) ? new EmailSender(sender, from) : null;
		}, new InAppDelivery(deliveries, inbox, new TransactionTemplate(transactions)),
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	private static InternetAddress from(String address) {
		try {
			return new InternetAddress(address, true);
		}
		catch (AddressException ex) {
			throw new IllegalStateException("jobs.notifications.from is not a valid address: " + address, ex);
		}
	}

}

package dev.jobs.types.userexport;

import dev.jobs.types.export.ExportProperties;
import dev.jobs.types.export.StreamingExport;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@code USER_EXPORT} unless {@code jobs.exports.user.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "jobs.exports.user.enabled", matchIfMissing = true)
public class UserExportConfiguration {

	@Bean
	UserExportHandler userExportHandler(StreamingExport export, ExportProperties properties) {
		return new UserExportHandler(export, properties.getZone(), properties.getUser().getMaxRows());
	}

}

package dev.jobs.core.web;

import dev.jobs.core.JobClient;
import dev.jobs.core.autoconfigure.JobsProperties;
import dev.jobs.core.delivery.DeadLetters;
import dev.jobs.core.job.JobQueries;
import dev.jobs.core.job.JobTypeRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The REST API, in servlet web applications unless {@code jobs.api.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
@ConditionalOnProperty(name = "jobs.api.enabled", matchIfMissing = true)
public class WebConfiguration {

	@Bean
	JobAccess jobAccess(JobQueries queries, JobsProperties properties) {
		return new JobAccess(queries, properties.getApi().getAdminRoles());
	}

	@Bean
	JobController jobController(JobClient client, JobQueries queries, JobTypeRegistry registry, JobAccess access,
			JobsProperties properties) {
		return new JobController(client, queries, registry, access, properties.getApi().getMaxPageSize());
	}

	@Bean
	JobTypeController jobTypeController(JobTypeRegistry registry, DeadLetters deadLetters,
			JobsProperties properties) {
		return new JobTypeController(registry, deadLetters, properties.getApi().getAdminRoles());
	}

	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> jobsRequestSizeLimit(JobsProperties properties) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter(properties.getApi().getMaxRequestSize().toBytes()));
		registration.addUrlPatterns("/api/*");
		return registration;
	}

	@Bean
	JobsProblemHandler jobsProblemHandler() {
		return new JobsProblemHandler();
	}

}

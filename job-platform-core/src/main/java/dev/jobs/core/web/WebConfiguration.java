package dev.jobs.core.web;

import dev.jobs.core.AccessPolicy;
import dev.jobs.core.Batches;
import dev.jobs.core.FailureGroups;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobTypeControls;
import dev.jobs.core.PlatformInstances;
import dev.jobs.core.delivery.DeadLetters;
import dev.jobs.core.job.JobQueries;
import dev.jobs.core.job.JobTypeRegistry;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The REST API, in servlet web applications unless {@code jobs.api.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
@ConditionalOnProperty(name = "jobs.api.enabled", matchIfMissing = true)
public class WebConfiguration {

	@Bean
	JobAccess jobAccess(JobQueries queries, JobTypeRegistry registry, AccessPolicy policy, ApiSettings settings) {
		return new JobAccess(queries, registry, policy, settings.allowAnonymous());
	}

	@Bean
	SubmissionChecks jobsSubmissionChecks(JobAccess access, ObjectProvider<Validator> validator) {
		return new SubmissionChecks(access,
				validator.getIfAvailable(() -> Validation.buildDefaultValidatorFactory().getValidator()));
	}

	@Bean
	JobController jobController(JobClient client, JobQueries queries, JobAccess access, ApiSettings settings,
			SubmissionLog submissionLog, SubmissionChecks checks) {
		return new JobController(client, queries, access, settings.maxPageSize(), submissionLog, checks);
	}

	@Bean
	BatchController jobsBatchController(JobClient client, Batches batches, JobAccess access,
			SubmissionChecks checks, SubmissionLog submissionLog, ApiSettings settings) {
		return new BatchController(client, batches, access, checks, submissionLog, settings.maxPageSize());
	}

	@Bean
	WorkflowController jobsWorkflowController(JobClient client, Batches batches, JobAccess access,
			SubmissionChecks checks, SubmissionLog submissionLog) {
		return new WorkflowController(client, batches, access, checks, submissionLog);
	}

	@Bean
	SubmissionLog jobsSubmissionLog() {
		return new SubmissionLog();
	}

	@Bean
	JobTypeController jobTypeController(JobTypeRegistry registry, DeadLetters deadLetters, JobAccess access,
			JobTypeControls controls) {
		return new JobTypeController(registry, deadLetters, access, controls);
	}

	@Bean
	InstanceController jobsInstanceController(PlatformInstances instances, JobAccess access) {
		return new InstanceController(instances, access);
	}

	@Bean
	FailureGroupController jobsFailureGroupController(FailureGroups groups, JobAccess access) {
		return new FailureGroupController(groups, access);
	}

	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> jobsRequestSizeLimit(ApiSettings settings) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter(settings.maxRequestSize()));
		// Every path, and before anything reads a body: Spring's form-content filter parses form
		// bodies (PUT, PATCH, DELETE) and the login form is read before security decides anything.
		registration.addUrlPatterns("/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	JobsProblemHandler jobsProblemHandler() {
		return new JobsProblemHandler();
	}

}

package dev.jobs.app.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code /v3/api-docs} says about the API as a whole; the operations describe themselves where
 * they are declared. scripts/check-api-description.sh lints the result (Spectral, no warning allowed).
 */
@Configuration(proxyBeanMethods = false)
class ApiDescriptionConfiguration {

	@Bean
	OpenAPI apiDescription() {
		// The jar's manifest names the build's version; classes run from a build tree have none.
		String version = ApiDescriptionConfiguration.class.getPackage().getImplementationVersion();
		return new OpenAPI().info(new Info().title("Jobs")
			.version((version != null) ? version : "development")
			.description("Submit slow work as jobs and follow it: a job is stored at once (202 with its id), run "
					+ "by a worker in the background, retried with backoff and parked when it keeps failing. "
					+ "Errors are RFC 9457 problem details (application/problem+json). Sign in with HTTP Basic, "
					+ "a personal API token (Authorization: Bearer) or the login form's session (with its CSRF "
					+ "token).")
			.contact(new Contact().name("The Jobs platform's maintainers").url("https://jobs.dev")));
	}

}

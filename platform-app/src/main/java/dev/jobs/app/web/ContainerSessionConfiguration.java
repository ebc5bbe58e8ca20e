package dev.jobs.app.web;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.authenticator.AuthenticatorBase;

import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's own authenticator valve (there for the container's sign-in, which this service does not
 * use) looks up the session of every request that names one, to find a cached principal, and so
 * marks the session used. Without that lookup, only the application touches sessions: a request
 * that signs in by its {@code Authorization} header neither uses nor extends the session whose
 * cookie it carries (see {@code AuthorizationHeaderFilter}).
 */
@Configuration(proxyBeanMethods = false)
class ContainerSessionConfiguration {

	@Bean
	TomcatContextCustomizer noPrincipalCachingInSessions() {
		return context -> context.addLifecycleListener(event -> {
			if (Lifecycle.AFTER_START_EVENT.equals(event.getType())) {
				for (Valve valve : context.getPipeline().getValves()) {
					if (valve instanceof AuthenticatorBase authenticator) {
						authenticator.setCache(false);
					}
				}
			}
		});
	}

}

package dev.jobs.core.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Adds the defaults that modules ship for their job types (e.g. who may submit them) from every
 * {@code META-INF/jobs/type-defaults.properties} on the classpath, below every other property
 * source: the application's {@code jobs.types.<TYPE>.*} always wins. This keeps such rules in
 * configuration, visible and overridable, instead of in handler code.
 */
public class TypeDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String LOCATION = "classpath*:META-INF/jobs/type-defaults.properties";

	static final String SOURCE_NAME = "jobTypeDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> values = new LinkedHashMap<>();
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver(application.getClassLoader())
				.getResources(LOCATION)) {
				Properties properties = new Properties();
				try (InputStream in = resource.getInputStream()) {
					properties.load(in);
				}
				properties.stringPropertyNames().forEach(name -> values.putIfAbsent(name, properties.getProperty(name)));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the job type defaults " + LOCATION, ex);
		}
		if (!values.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, values));
		}
	}

	/**
	 * Types named only by shipped defaults, not by the application: no warning when such a type has
	 * no handler (e.g. the diagnostic types while diagnostics are off).
	 */
	static java.util.Set<String> typesOnlyDefaulted(org.springframework.core.env.Environment environment) {
		if (!(environment instanceof ConfigurableEnvironment configurable)) {
			return java.util.Set.of();
		}
		java.util.Set<String> defaulted = new java.util.HashSet<>();
		java.util.Set<String> elsewhere = new java.util.HashSet<>();
		for (org.springframework.core.env.PropertySource<?> source : configurable.getPropertySources()) {
			if (source instanceof org.springframework.core.env.EnumerablePropertySource<?> enumerable) {
				java.util.Set<String> target = SOURCE_NAME.equals(source.getName()) ? defaulted : elsewhere;
				for (String name : enumerable.getPropertyNames()) {
					if (name.startsWith("jobs.types.")) {
						String rest = name.substring("jobs.types.".length());
						int dot = rest.indexOf('.');
						target.add((dot > 0) ? rest.substring(0, dot) : rest);
					}
				}
			}
		}
		defaulted.removeAll(elsewhere);
		return defaulted;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}

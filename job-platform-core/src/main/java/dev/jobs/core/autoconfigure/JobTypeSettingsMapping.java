package dev.jobs.core.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import dev.jobs.core.JobSettings;
import dev.jobs.core.RateLimit;
import dev.jobs.core.autoconfigure.JobTypesProperties.TypeProperties;
import dev.jobs.core.job.JobTypeSettings;

/**
 * How a type's effective settings are found: {@code jobs.types.<TYPE>.*}, then the handler's settings in code,
 * then {@code jobs.defaults.*}, then the platform's built-in defaults, value by value. The result is checked by
 * {@link JobTypeSettings}, which refuses invalid values naming the type.
 */
public final class JobTypeSettingsMapping {

	private JobTypeSettingsMapping() {
	}

	/** The registry's source of type settings, read from {@code properties}. */
	public static JobTypeSettings.Source source(JobTypesProperties properties) {
		return source(properties, Set.of());
	}

	/**
	 * As {@link #source(JobTypesProperties)}; {@code typesOnlyDefaulted} (named only by a module's shipped
	 * defaults) are not reported as configured, so a type left without a handler on purpose is not warned about.
	 */
	static JobTypeSettings.Source source(JobTypesProperties properties, Set<String> typesOnlyDefaulted) {
		return new JobTypeSettings.Source() {

			@Override
			public JobTypeSettings settingsFor(String type, List<String> handlerRoles, JobSettings inCode) {
				return resolve(properties.getDefaults(), properties.getTypes().get(type), handlerRoles, inCode);
			}

			@Override
			public Set<String> configuredTypes() {
				Set<String> types = new LinkedHashSet<>(properties.getTypes().keySet());
				types.removeAll(typesOnlyDefaulted);
				return types;
			}

		};
	}

	/** Configuration of the type, then the handler's settings in code, then {@code jobs.defaults.*}. */
	static JobTypeSettings resolve(TypeProperties defaults, TypeProperties overrides, List<String> handlerRoles,
			JobSettings inCode) {
		TypeProperties o = layered(overrides, inCode);
		List<String> roles = (o.getSubmitRoles() != null) ? o.getSubmitRoles()
				: (!handlerRoles.isEmpty()) ? handlerRoles
						: (defaults.getSubmitRoles() != null) ? defaults.getSubmitRoles() : List.of();
		return new JobTypeSettings(pick(o, defaults, TypeProperties::getConcurrency),
				pick(o, defaults, TypeProperties::getPrefetch), pick(o, defaults, TypeProperties::getMaxAttempts),
				pick(o, defaults, TypeProperties::getTimeout), pick(o, defaults, TypeProperties::getBackoffInitial),
				pick(o, defaults, TypeProperties::getBackoffMultiplier), pick(o, defaults, TypeProperties::getBackoffMax),
				pick(o, defaults, TypeProperties::getBackoffJitter), roles,
				pick(o, defaults, TypeProperties::getMaxActivePerUser),
				// Limits across the cluster belong to one type: jobs.defaults.* does not set them for every type.
				o.getGlobalConcurrency(), (o.getRateLimit() != null) ? RateLimit.parse(o.getRateLimit()) : null);
	}

	/** {@code overrides} where set, else the handler's settings in code. */
	private static TypeProperties layered(TypeProperties overrides, JobSettings inCode) {
		TypeProperties o = (overrides != null) ? overrides : new TypeProperties();
		if (inCode == null) {
			return o;
		}
		TypeProperties p = new TypeProperties();
		p.setConcurrency((o.getConcurrency() != null) ? o.getConcurrency() : inCode.concurrency());
		p.setPrefetch(o.getPrefetch());
		p.setMaxAttempts((o.getMaxAttempts() != null) ? o.getMaxAttempts() : inCode.maxAttempts());
		p.setTimeout((o.getTimeout() != null) ? o.getTimeout() : inCode.timeout());
		p.setBackoffInitial((o.getBackoffInitial() != null) ? o.getBackoffInitial() : inCode.backoffInitial());
		p.setBackoffMultiplier(
				(o.getBackoffMultiplier() != null) ? o.getBackoffMultiplier() : inCode.backoffMultiplier());
		p.setBackoffMax((o.getBackoffMax() != null) ? o.getBackoffMax() : inCode.backoffMax());
		p.setBackoffJitter(o.getBackoffJitter());
		p.setSubmitRoles(o.getSubmitRoles());
		p.setMaxActivePerUser(o.getMaxActivePerUser());
		p.setGlobalConcurrency(o.getGlobalConcurrency());
		p.setRateLimit(o.getRateLimit());
		return p;
	}

	private static <T> T pick(TypeProperties override, TypeProperties defaults, Function<TypeProperties, T> getter) {
		T value = getter.apply(override);
		if (value == null) {
			value = getter.apply(defaults);
		}
		if (value == null) {
			value = getter.apply(TypeProperties.builtInDefaults());
		}
		return value;
	}

}

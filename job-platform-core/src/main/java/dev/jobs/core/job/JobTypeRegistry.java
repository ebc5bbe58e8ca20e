package dev.jobs.core.job;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.jobs.core.JobHandler;
import dev.jobs.core.JobSettings;
import dev.jobs.core.UnknownJobTypeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job types of this application, discovered from its {@link JobHandler} beans at start-up.
 * A duplicate type name, a bad name, a missing payload class or invalid settings stop the start
 * with a message naming the beans involved.
 */
public class JobTypeRegistry {

	private static final Logger log = LoggerFactory.getLogger(JobTypeRegistry.class);

	/** Type names become queue names and property keys: keep them plain. */
	private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

	private final Map<String, RegisteredJobType> types;

	public JobTypeRegistry(Map<String, JobHandler<?>> handlersByBeanName, JobTypeSettings.Source settingsSource) {
		Map<String, RegisteredJobType> found = new LinkedHashMap<>();
		handlersByBeanName.forEach((beanName, handler) -> {
			String type = handler.type();
			if (type == null || !NAME.matcher(type).matches()) {
				throw new IllegalStateException("Job handler bean '" + beanName + "' has type name '" + type
						+ "': a type name must match " + NAME.pattern() + " (e.g. EMPLOYEE_EXPORT)");
			}
			if (handler.payloadType() == null) {
				throw new IllegalStateException("Job handler bean '" + beanName + "' (type " + type
						+ ") returns no payload class from payloadType(); return the payload record's class");
			}
			RegisteredJobType existing = found.get(type);
			if (existing != null) {
				throw new IllegalStateException("Job type " + type + " is registered twice: by bean '"
						+ existing.beanName() + "' and by bean '" + beanName + "'. Rename one type or remove a bean.");
			}
			JobTypeSettings settings;
			try {
				@SuppressWarnings("removal")
				List<String> declaredRoles = List.copyOf(handler.submitRoles());
				if (!declaredRoles.isEmpty()) {
					log.warn("Job handler bean '{}' declares submitRoles() {}: deprecated, set jobs.types.{}.submit-roles",
							beanName, declaredRoles, type);
				}
				JobSettings inCode = (handler.settings() != null) ? handler.settings() : JobSettings.none();
				settings = settingsSource.settingsFor(type, declaredRoles, inCode);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("Invalid settings for job type " + type + " (jobs.types." + type
						+ ".* over jobs.defaults.*): " + ex.getMessage(), ex);
			}
			found.put(type, RegisteredJobType.of(beanName, handler, settings));
		});
		settingsSource.configuredTypes().stream().filter(name -> !found.containsKey(name)).forEach(name -> log.warn(
				"jobs.types.{}.* is configured but no handler registers type {}; registered types: {}", name, name,
				found.keySet()));
		this.types = Map.copyOf(found);
		log.info("Job types registered: {}", found.keySet());
	}

	public Collection<RegisteredJobType> all() {
		return types.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
	}

	public Optional<RegisteredJobType> find(String type) {
		return Optional.ofNullable(type).map(types::get);
	}

	public RegisteredJobType require(String type) {
		return find(type).orElseThrow(() -> new UnknownJobTypeException(type, types.keySet().stream().sorted().toList()));
	}

	/** The longest timeout of any type, for sizing leases and drains. */
	public Duration longestTimeout() {
		return types.values().stream().map(t -> t.settings().timeout()).max(Duration::compareTo).orElse(Duration.ZERO);
	}

}

package dev.jobs.core.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;

/**
 * Says once at start, as a WARN, when the queue prefix or the result directory is the one every unnamed
 * application shares ({@link SettingsMapping#sharedPlacesWarning}): the application still starts, since a single
 * application on a host and broker is a fair case, but the first person to add a second one learns why.
 */
class SharedPlacesWarning implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(SharedPlacesWarning.class);

	private final JobsBrokerProperties broker;

	private final JobsResultProperties results;

	private final String applicationName;

	SharedPlacesWarning(JobsBrokerProperties broker, JobsResultProperties results, String applicationName) {
		this.broker = broker;
		this.results = results;
		this.applicationName = applicationName;
	}

	@Override
	public void afterPropertiesSet() {
		SettingsMapping.sharedPlacesWarning(broker, results, applicationName).ifPresent(log::warn);
	}

}

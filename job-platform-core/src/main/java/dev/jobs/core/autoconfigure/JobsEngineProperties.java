package dev.jobs.core.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The engine's own database connections ({@code jobs.engine.*}). */
@ConfigurationProperties("jobs.engine")
public class JobsEngineProperties {

	/**
	 * Connections of the engine's own pool (claims, completions, heartbeats, relay), so they never
	 * wait behind handlers holding the application's connections; 0 shares the application's pool.
	 */
	private int poolSize = 6;

	public int getPoolSize() {
		return poolSize;
	}

	public void setPoolSize(int poolSize) {
		this.poolSize = poolSize;
	}

}

package dev.jobs.app.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Generated demo data, under {@code demo.data.*}; the {@code demo} profile switches it on.
 */
@ConfigurationProperties("demo.data")
public class DemoDataProperties {

	/** Whether to fill empty employee and app_user tables at start-up. */
	private boolean enabled = false;

	/** Employees to generate. */
	private int employees = 10_000;

	/** Users to generate. */
	private int users = 1_000;

	/** Seed of the generator: the same seed gives the same rows. */
	private long seed = 20261128L;

	/** Share of generated rows that are soft-deleted, so that exports have something to leave out. */
	private double deletedRatio = 0.02;

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getEmployees() {
		return employees;
	}

	public void setEmployees(int employees) {
		this.employees = employees;
	}

	public int getUsers() {
		return users;
	}

	public void setUsers(int users) {
		this.users = users;
	}

	public long getSeed() {
		return seed;
	}

	public void setSeed(long seed) {
		this.seed = seed;
	}

	public double getDeletedRatio() {
		return deletedRatio;
	}

	public void setDeletedRatio(double deletedRatio) {
		this.deletedRatio = deletedRatio;
	}

}

package dev.jobs.dashboard;

import dev.jobs.test.architecture.ModuleArchitectureTest;

/**
 * The dashboard uses the core through its public SPI only, and writes no SQL on the core's job tables: the rules of
 * {@link ModuleArchitectureTest} (docs/ARCHITECTURE.md, "Rules as tests"), on this module's main classes.
 */
class DashboardArchitectureTest extends ModuleArchitectureTest {

	@Override
	protected String rootPackage() {
		return "dev.jobs.dashboard";
	}

}

package dev.jobs.examples;

import dev.jobs.test.architecture.ModuleArchitectureTest;

/**
 * The examples module, as a team's module of job types would, uses the core through its public SPI only, and writes no SQL on the core's job tables: the rules of
 * {@link ModuleArchitectureTest} (docs/ARCHITECTURE.md, "Rules as tests"), on this module's main classes.
 */
class ExamplesArchitectureTest extends ModuleArchitectureTest {

	@Override
	protected String rootPackage() {
		return "dev.jobs.examples";
	}

}

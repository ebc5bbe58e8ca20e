package dev.jobs.test;

import dev.jobs.test.architecture.ModuleArchitectureTest;

/**
 * The test kit uses the core through its public SPI only, and writes no SQL on the core's job tables: the rules of
 * {@link ModuleArchitectureTest} (docs/ARCHITECTURE.md, "Rules as tests"), on this module's main classes.
 */
class TestKitArchitectureTest extends ModuleArchitectureTest {

	@Override
	protected String rootPackage() {
		return "dev.jobs.test";
	}

}

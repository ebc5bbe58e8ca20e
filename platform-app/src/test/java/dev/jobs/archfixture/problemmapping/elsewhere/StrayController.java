package dev.jobs.archfixture.problemmapping.elsewhere;

import org.springframework.web.bind.annotation.RestController;

/** A controller in a package no advice covers, without handlers of its own. */
@RestController
public class StrayController {

}

package dev.jobs.archfixture.problemmapping.feature;

import org.springframework.web.bind.annotation.RestController;

/** The controller the feature's advice was written for. */
@RestController
public class FeatureController {

}

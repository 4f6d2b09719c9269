package io.contactsync.worker.pipeline;

import io.contactsync.devstack.DevStackExtension;
import io.contactsync.worker.Endpoints;
import org.junit.jupiter.api.BeforeAll;

/**
 * The end-to-end suite on the devstack: KRaft broker, Apicurio server, Mongo-wire store.
 */
class WorkerIntegrationTests extends WorkerEndToEndTests {

	@BeforeAll
	static void startOnDevstack() {
		startWorker(Endpoints.of(DevStackExtension.shared()));
	}

}

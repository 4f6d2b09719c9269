package io.contactsync.worker;

import io.contactsync.contracts.RegistrySerdes;
import io.contactsync.worker.replay.OperatorCommands;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The contact-sync worker; {@code replay} and {@code snapshot} as first argument run an
 * operator command.
 */
@SpringBootApplication
public class WorkerApplication {

	public static void main(String[] args) {
		if (args.length > 0 && OperatorCommands.NAMES.contains(args[0])) {
			System.exit(OperatorCommands.run(WorkerApplication.class, args));
		}
		RegistrySerdes.trustContractClasses();
		SpringApplication.run(WorkerApplication.class, args);
	}

}

package io.archlab.knowledge;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2StoreTest extends StoreContractTest {
    @TempDir
    Path home;

    @Override
    Store open() {
        return Stores.openHome(home);
    }
}

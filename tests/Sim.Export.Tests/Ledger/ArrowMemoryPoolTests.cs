using Sim.Export.Ledger;

namespace Sim.Export.Tests.Ledger;

/// <summary>Runs alone: the pool's count is the whole process's, so no other test may write Parquet meanwhile.</summary>
[CollectionDefinition(nameof(ArrowMemoryPoolTests), DisableParallelization = true)]
public sealed class ArrowMemoryPoolCollection
{
}

[Collection(nameof(ArrowMemoryPoolTests))]
public sealed class ArrowMemoryPoolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-arrow-pool-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void On_Linux_the_encoded_row_group_is_held_in_Arrows_jemalloc_pool()
    {
        // Arrow's default pool on Linux is mimalloc, whose per-thread heaps kept what each encoding thread had used: the
        // 1M-customer bench peaked about 110 MB higher with it. The writer asks for jemalloc, where the native library has it.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        ParquetSharp.MemoryPool jemalloc = ParquetSharp.MemoryPool.JemallocMemoryPool();
        LedgerTestData data = LedgerTestData.Create(entries: 20_000, batchSize: 20_000);
        using var writer = new TransactionParquetWriter(Path.Combine(_dir, "pool.parquet"), data.Context, threads: 2);
        long before = jemalloc.BytesAllocated;
        writer.Append(data.Batches[0]);
        long held = jemalloc.BytesAllocated - before;

        // The row group stays buffered, in the writer's pool, until the next one starts or the file is completed: at least
        // its five money columns (random doubles, 160 KB each before compression, which leaves more than half).
        Assert.True(held > 5 * 80_000, $"{held} bytes more in jemalloc after a 20,000-entry batch");
        writer.Complete();
    }
}

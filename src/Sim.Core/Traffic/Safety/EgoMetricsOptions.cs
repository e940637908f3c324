namespace Sim.Core.Traffic.Safety;

/// <summary>Settings of the <see cref="EgoMetricsSystem"/>.</summary>
/// <param name="PostEncroachmentHorizon">Two passages of a conflict point more than this many seconds apart are not
/// an encounter and give no post-encroachment time (default 10 s, twice the 5 s that the FHWA Surrogate Safety
/// Assessment Model keeps by default (Gettman et al. 2008), so every relevant encounter is kept; filter further when
/// reading the log).</param>
public sealed record EgoMetricsOptions(double PostEncroachmentHorizon = 10);

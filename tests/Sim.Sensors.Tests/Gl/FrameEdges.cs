using Sim.Sensors.Camera;

namespace Sim.Sensors.Tests.Gl;

/// <summary>Where two renderers may rightly disagree: pixels on a silhouette.</summary>
internal static class FrameEdges
{
    /// <summary>Whether pixel (u, v) has a neighbour (8-connected) with another instance, class, or hit/miss.</summary>
    public static bool OnEdge(CameraFrame frame, int u, int v)
    {
        int i = (v * frame.Width) + u;
        bool hit = float.IsFinite(frame.Depth[i]);
        for (int dv = -1; dv <= 1; dv++)
        {
            for (int du = -1; du <= 1; du++)
            {
                int x = u + du, y = v + dv;
                if (x < 0 || y < 0 || x >= frame.Width || y >= frame.Height)
                {
                    continue;
                }

                int j = (y * frame.Width) + x;
                if (frame.Instance[j] != frame.Instance[i] || frame.Semantic[j] != frame.Semantic[i] || float.IsFinite(frame.Depth[j]) != hit)
                {
                    return true;
                }
            }
        }

        return false;
    }
}

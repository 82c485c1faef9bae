"""A loss landscape as a lit 3-D surface (shaders/render/surface.glsl), seen by an orbiting
camera, and the same surface from straight above as a small contour map.

The mesh is made once from a grid of losses: height = log10(loss) scaled to 0..1, a normal per
vertex from the height's slopes. Each picture is rendered offscreen (depth-tested, 4x
multisampled) only when the camera or the size changes, then copied into its rectangle every
frame (shaders/render/image.glsl). `project` maps points of the slice to the picture's pixels with
the same matrix, so the ball and its trail are drawn on the surface by the 2D painter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import moderngl
import numpy as np

from game.render.shaders import load_program
from game.window import screen_draw

LIFT = 0.9  # world height of the whole loss range (the slice spans -1..1 across)
BANDS = 14.0  # contour lines over the height range
LIGHT = np.array([-0.45, -0.55, 0.70])
SAMPLES = 4
FOV = 34.0  # degrees, vertical
ELEVATION_RANGE = (12.0, 85.0)


def log_heights(loss: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Height 0..1 per grid point from log10(loss); and the log range (lo, hi) it spans.
    Non-finite losses count as the highest point."""
    with np.errstate(all="ignore"):
        h = np.log10(np.maximum(np.asarray(loss, dtype=np.float64), 1e-12))
    finite = np.isfinite(h)
    if not finite.any():
        return np.zeros_like(h), 0.0, 1.0
    lo, hi = float(h[finite].min()), float(h[finite].max())
    h = np.where(finite, h, hi)
    span = max(hi - lo, 1e-9)
    return np.clip((h - lo) / span, 0.0, 1.0), lo, hi


def height_of(loss, lo: float, hi: float) -> np.ndarray:
    """The 0..1 height a loss has on a surface made by `log_heights` (clipped to its range)."""
    with np.errstate(all="ignore"):
        h = np.log10(np.maximum(np.asarray(loss, dtype=np.float64), 1e-12))
    h = np.where(np.isfinite(h), h, hi)
    return np.clip((h - lo) / max(hi - lo, 1e-9), 0.0, 1.0)


def surface_mesh(heights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertices (n*n, 6: x y z nx ny nz) and triangle indices for a square grid of heights
    (heights[row = b, col = a]), x and y running -1..1 and z = height."""
    n_b, n_a = heights.shape
    xs = np.linspace(-1.0, 1.0, n_a)
    ys = np.linspace(-1.0, 1.0, n_b)
    xx, yy = np.meshgrid(xs, ys)
    dz_dy, dz_dx = np.gradient(heights * LIFT, ys, xs)
    normals = np.stack([-dz_dx, -dz_dy, np.ones_like(heights)], axis=-1)
    normals /= np.linalg.norm(normals, axis=-1, keepdims=True)
    vertices = np.concatenate([np.stack([xx, yy, heights], axis=-1), normals], axis=-1).reshape(-1, 6)
    rows, cols = np.meshgrid(np.arange(n_b - 1), np.arange(n_a - 1), indexing="ij")
    i0 = (rows * n_a + cols).ravel()
    quads = np.stack([i0, i0 + 1, i0 + n_a, i0 + 1, i0 + n_a + 1, i0 + n_a], axis=1)
    return vertices.astype("f4"), quads.astype("i4").ravel()


def bilinear(grid: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """grid[row, col] sampled at fractional (u = col fraction 0..1, v = row fraction 0..1)."""
    n_v, n_u = grid.shape
    fu = np.clip(np.asarray(u, dtype=np.float64), 0.0, 1.0) * (n_u - 1)
    fv = np.clip(np.asarray(v, dtype=np.float64), 0.0, 1.0) * (n_v - 1)
    c0 = np.minimum(np.floor(fu).astype(int), n_u - 2)
    r0 = np.minimum(np.floor(fv).astype(int), n_v - 2)
    tu, tv = fu - c0, fv - r0
    top = grid[r0, c0] * (1 - tu) + grid[r0, c0 + 1] * tu
    bottom = grid[r0 + 1, c0] * (1 - tu) + grid[r0 + 1, c0 + 1] * tu
    return top * (1 - tv) + bottom * tv


@dataclass
class Camera:
    """Orbits the middle of the slice: azimuth around the up axis, elevation above the ground."""

    azimuth: float = -112.0  # degrees
    elevation: float = 40.0
    distance: float = 3.15

    def turn(self, d_azimuth: float, d_elevation: float = 0.0) -> None:
        self.azimuth = (self.azimuth + d_azimuth + 180.0) % 360.0 - 180.0
        lo, hi = ELEVATION_RANGE
        self.elevation = min(hi, max(lo, self.elevation + d_elevation))

    def key(self) -> tuple[float, float]:
        return (round(self.azimuth, 2), round(self.elevation, 2))

    def eye(self) -> np.ndarray:
        az, el = math.radians(self.azimuth), math.radians(self.elevation)
        centre = np.array([0.0, 0.0, LIFT * 0.35])
        return centre + self.distance * np.array([math.cos(el) * math.cos(az), math.cos(el) * math.sin(az),
                                                  math.sin(el)])

    def matrix(self, aspect: float) -> np.ndarray:
        centre = np.array([0.0, 0.0, LIFT * 0.35])
        return perspective(FOV, aspect, 0.1, 20.0) @ look_at(self.eye(), centre, np.array([0.0, 0.0, 1.0]))


def look_at(eye, target, up) -> np.ndarray:
    f = target - eye
    f = f / np.linalg.norm(f)
    s = np.cross(f, up)
    s = s / np.linalg.norm(s)
    u = np.cross(s, f)
    m = np.eye(4)
    m[0, :3], m[1, :3], m[2, :3] = s, u, -f
    m[:3, 3] = -m[:3, :3] @ eye
    return m


def perspective(fov_deg: float, aspect: float, near: float, far: float) -> np.ndarray:
    f = 1.0 / math.tan(math.radians(fov_deg) / 2)
    m = np.zeros((4, 4))
    m[0, 0], m[1, 1] = f / aspect, f
    m[2, 2], m[2, 3] = (far + near) / (near - far), 2 * far * near / (near - far)
    m[3, 2] = -1.0
    return m


def fit(matrix: np.ndarray, points: np.ndarray, margin: float = 0.92) -> np.ndarray:
    """`matrix` followed by a zoom and shift in the picture's plane so that `points` (N, 3) fill
    it (centred, `margin` of the half size), whatever the camera and the picture's shape."""
    clip = np.concatenate([points, np.ones((len(points), 1))], axis=1) @ matrix.T
    front = clip[:, 3] > 1e-6
    if not front.any():
        return matrix
    ndc = clip[front, :2] / clip[front, 3:4]
    lo, hi = ndc.min(axis=0), ndc.max(axis=0)
    centre = (lo + hi) / 2
    k = margin / max(float((hi - lo).max()) / 2, 1e-6)
    zoom = np.eye(4)
    zoom[0, 0] = zoom[1, 1] = k
    zoom[0, 3], zoom[1, 3] = -k * centre[0], -k * centre[1]
    return zoom @ matrix


def top_down() -> np.ndarray:
    """The small map's camera: straight above, the slice filling the picture (x right, y up)."""
    m = np.eye(4)
    m[2, 2] = -0.5  # keep heights inside the clip volume; the depth test still orders them
    return m


def project(matrix: np.ndarray, points: np.ndarray, rect) -> np.ndarray:
    """World points (N, 3) -> pixels (N, 2) inside rect (x, y, w, h, y down); NaN behind the eye."""
    x, y, w, h = rect
    pts = np.asarray(points, dtype=np.float64)
    clip = np.concatenate([pts, np.ones((len(pts), 1))], axis=1) @ matrix.T
    with np.errstate(all="ignore"):
        ndc = clip[:, :2] / clip[:, 3:4]
    ndc[clip[:, 3] <= 1e-6] = np.nan
    return np.stack([x + (ndc[:, 0] + 1) * 0.5 * w, y + (1 - ndc[:, 1]) * 0.5 * h], axis=1)


class Picture:
    """An offscreen target (multisampled colour + depth, resolved into a texture)."""

    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.size: tuple[int, int] | None = None
        self.key: object = None

    def ensure(self, size: tuple[int, int]) -> None:
        size = (max(1, int(size[0])), max(1, int(size[1])))
        if self.size == size:
            return
        ctx = self.ctx
        samples = min(SAMPLES, ctx.max_samples)
        self.color_ms = ctx.renderbuffer(size, 4, samples=samples)
        self.depth_ms = ctx.depth_renderbuffer(size, samples=samples)
        self.fbo_ms = ctx.framebuffer(color_attachments=[self.color_ms], depth_attachment=self.depth_ms)
        self.texture = ctx.texture(size, 4)
        self.texture.filter = (moderngl.LINEAR, moderngl.LINEAR)
        self.texture.repeat_x = self.texture.repeat_y = False
        self.fbo = ctx.framebuffer(color_attachments=[self.texture])
        self.size = size
        self.key = None


class SurfaceArt:
    """The landscape's mesh on the GPU, made once per view; pictures of it on demand."""

    def __init__(self, ctx: moderngl.Context, loss_grid: np.ndarray) -> None:
        self.ctx = ctx
        self.heights, self.log_lo, self.log_hi = log_heights(loss_grid)
        vertices, indices = surface_mesh(self.heights)
        n_b, n_a = self.heights.shape
        rim = np.zeros((n_b, n_a), dtype=bool)
        rim[0, :] = rim[-1, :] = rim[:, 0] = rim[:, -1] = True
        self.rim = vertices[rim.ravel(), :3].astype(np.float64) * np.array([1.0, 1.0, LIFT])
        self.program = load_program(ctx, "surface")
        self.image = load_program(ctx, "image")
        self.vbo = ctx.buffer(vertices.tobytes())
        self.ibo = ctx.buffer(indices.tobytes())
        self.vao = ctx.vertex_array(self.program, [(self.vbo, "3f 3f", "in_pos", "in_normal")],
                                    index_buffer=self.ibo)
        self.image_vao = ctx.vertex_array(self.image, [])
        self.image["u_image"].value = 0
        self.camera = Camera()
        self.view = Picture(ctx)
        self.map = Picture(ctx)

    # --- world coordinates ---------------------------------------------------------------

    def world(self, u: np.ndarray, v: np.ndarray, lift: float = 0.0) -> np.ndarray:
        """Points at slice fractions (u across, v up; 0..1) on the surface, `lift` above it."""
        u = np.clip(np.asarray(u, dtype=np.float64), 0.0, 1.0)
        v = np.clip(np.asarray(v, dtype=np.float64), 0.0, 1.0)
        z = bilinear(self.heights, u, v) * LIFT + lift
        return np.stack([u * 2 - 1, v * 2 - 1, z], axis=-1)

    def view_matrix(self, rect) -> np.ndarray:
        """The camera's matrix, zoomed so that the surface's rim fills the picture."""
        return fit(self.camera.matrix(max(rect[2], 1.0) / max(rect[3], 1.0)), self.rim)

    # --- pictures ------------------------------------------------------------------------

    def _render(self, picture: Picture, size, matrix: np.ndarray, flat: bool, eye_dir) -> None:
        picture.ensure(size)
        key = (tuple(np.round(matrix, 6).ravel()), flat)
        if picture.key == key:
            return
        ctx = self.ctx
        previous = ctx.fbo
        picture.fbo_ms.use()
        picture.fbo_ms.viewport = (0, 0, *picture.size)
        ctx.clear(0.0, 0.0, 0.0, 0.0, depth=1.0)
        ctx.enable(moderngl.DEPTH_TEST)
        ctx.disable(moderngl.BLEND)
        p = self.program
        p["u_mvp"].write(matrix.T.astype("f4").tobytes())
        p["u_lift"].value = LIFT
        p["u_light"].value = tuple(LIGHT / np.linalg.norm(LIGHT))
        p["u_eye_dir"].value = tuple(float(c) for c in eye_dir)
        p["u_bands"].value = BANDS
        p["u_flat"].value = 1.0 if flat else 0.0
        self.vao.render(moderngl.TRIANGLES)
        ctx.disable(moderngl.DEPTH_TEST)
        ctx.enable(moderngl.BLEND)
        ctx.copy_framebuffer(picture.fbo, picture.fbo_ms)
        picture.key = key
        previous.use()

    def _blit(self, picture: Picture, rect, target_size, radius: float) -> None:
        rect = tuple(float(v) for v in rect)
        size = (float(target_size[0]), float(target_size[1]))
        texture = picture.texture

        def draw():
            ctx = self.ctx
            ctx.enable(moderngl.BLEND)
            ctx.blend_func = moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA
            texture.use(0)
            self.image["u_rect"].value = rect
            self.image["u_size"].value = size
            self.image["u_radius"].value = float(radius)
            self.image_vao.render(moderngl.TRIANGLE_STRIP, vertices=4)

        screen_draw(self.ctx, rect, (id(texture), picture.key, size, float(radius)), draw)

    def draw_view(self, rect, target_size) -> np.ndarray:
        """The lit surface from the camera, into rect; returns the matrix used."""
        matrix = self.view_matrix(rect)
        eye = self.camera.eye()
        self._render(self.view, (rect[2], rect[3]), matrix, False, eye / np.linalg.norm(eye))
        self._blit(self.view, rect, target_size, 0.0)
        return matrix

    def draw_map(self, rect, target_size, radius: float) -> np.ndarray:
        """The surface from straight above (flat colours and contour lines), into rect."""
        matrix = top_down()
        self._render(self.map, (rect[2], rect[3]), matrix, True, (0.0, 0.0, 1.0))
        self._blit(self.map, rect, target_size, radius)
        return matrix

    def release(self) -> None:
        # dropped, not released: the window's context frees them in ctx.gc() (context_gc)
        self.vao = self.image_vao = self.vbo = self.ibo = None
        self.program = self.image = None
        self.view = self.map = None

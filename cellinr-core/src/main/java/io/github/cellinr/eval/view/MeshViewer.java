package io.github.cellinr.eval.view;

import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.eval.report.Report;
import java.awt.Color;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An interactive 3D viewer for a report: a WebGL canvas, hand-written (about 200 lines of script, no library,
 * nothing loaded from the network) so that the report stays one offline file. Drag rotates, the wheel zooms,
 * buttons switch between the sets (real / reconstructed / synthetic), a list picks the cell, a slider and a
 * play button move through time. The camera starts where {@link SurfaceRenderer} looks from, so the viewer
 * opens on the montage's view.
 *
 * <p>Meshes are embedded compactly: per cell one bounding box, per time point the vertices quantised to
 * 16 bits within that box (at most 1/65535 of the cell's extent off: well below a voxel) and the triangle
 * indices as 16-bit (32-bit only when needed) little-endian integers, base64 in a JSON block. Normals are
 * computed in the browser.
 */
public final class MeshViewer {
    /** Marks the viewer's container; the page's script starts every element with this class. */
    public static final String CSS_CLASS = "cellinr-viewer";

    private MeshViewer() {
    }

    /**
     * The viewer's HTML: its container, controls and data. Add it to a report with {@link #addTo}.
     *
     * @param id    unique within the page ({@code [a-z0-9_-]+})
     * @param cells the cells to offer (each a set's cell over time)
     */
    public static String html(String id, List<SurfaceSeries> cells) {
        if (!id.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("bad viewer id " + id);
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("a viewer needs at least one cell");
        }
        Set<String> sets = new LinkedHashSet<>();
        cells.forEach(c -> sets.add(c.set()));
        StringBuilder json = new StringBuilder(1 << 16);
        json.append("{\"azimuth\":-60,\"elevation\":25,\"sets\":[");
        boolean first = true;
        for (String set : sets) {
            Color c = SurfaceMontage.colourOf(set);
            json.append(first ? "" : ",").append("{\"name\":").append(quote(set)).append(",\"colour\":[")
                    .append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f", c.getRed() / 255.0, c.getGreen() / 255.0,
                            c.getBlue() / 255.0)).append("]}");
            first = false;
        }
        json.append("],\"cells\":[");
        for (int k = 0; k < cells.size(); k++) {
            appendCell(json.append(k == 0 ? "" : ","), cells.get(k));
        }
        json.append("]}");
        StringBuilder h = new StringBuilder(json.length() + 2048);
        h.append("<div class=\"").append(CSS_CLASS).append("\" id=\"").append(id).append("\">\n")
                .append("<canvas width=\"720\" height=\"440\" aria-label=\"interactive 3D view of the cells\"></canvas>\n")
                .append("<div class=\"cv-controls\"><span class=\"cv-sets\"></span> <label>cell <select class=\"cv-cell\">")
                .append("</select></label> <button type=\"button\" class=\"cv-play\">Play</button> <input type=\"range\"")
                .append(" class=\"cv-time\" min=\"0\" max=\"0\" value=\"0\" aria-label=\"time point\"> <span class=\"cv-label\">")
                .append("</span> <button type=\"button\" class=\"cv-reset\">Reset view</button></div>\n")
                .append("<script type=\"application/json\" class=\"cv-data\">")
                .append(json.toString().replace("</", "<\\/")).append("</script>\n</div>\n");
        return h.toString();
    }

    /** Adds a viewer of {@code cells} to the report's current section (the script once per report). */
    public static void addTo(Report report, String id, String caption, List<SurfaceSeries> cells) {
        report.addInteractive(new Report.Interactive(id, caption, html(id, cells), STYLE, SCRIPT));
    }

    private static void appendCell(StringBuilder json, SurfaceSeries cell) {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (TriangleMesh m : cell.meshes()) {
            float[] v = m.vertices();
            for (int i = 0; i < v.length; i += 3) {
                for (int c = 0; c < 3; c++) {
                    lo[c] = Math.min(lo[c], v[i + c]);
                    hi[c] = Math.max(hi[c], v[i + c]);
                }
            }
        }
        if (lo[0] > hi[0]) {
            lo = new double[3];
            hi = new double[] {1, 1, 1};
        }
        double[] size = new double[3];
        for (int c = 0; c < 3; c++) {
            size[c] = Math.max(hi[c] - lo[c], 1e-6);
        }
        json.append("{\"set\":").append(quote(cell.set())).append(",\"name\":").append(quote(cell.sequence()))
                .append(",\"box\":[").append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%.4f,%.4f", lo[0], lo[1],
                        lo[2], size[0], size[1], size[2])).append("],\"times\":").append(cell.timePoints())
                .append(",\"frames\":[");
        for (int k = 0; k < cell.meshes().size(); k++) {
            TriangleMesh m = cell.meshes().get(k);
            float[] v = m.vertices();
            ByteBuffer positions = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < v.length; i++) {
                int c = i % 3;
                long q = Math.round((v[i] - lo[c]) / size[c] * 65535);
                positions.putShort((short) Math.max(0, Math.min(65535, q)));
            }
            boolean wide = m.vertexCount() > 65535;
            int[] t = m.triangles();
            ByteBuffer indices = ByteBuffer.allocate((wide ? 4 : 2) * t.length).order(ByteOrder.LITTLE_ENDIAN);
            for (int i : t) {
                if (wide) {
                    indices.putInt(i);
                } else {
                    indices.putShort((short) i);
                }
            }
            json.append(k == 0 ? "" : ",").append("{\"v\":\"")
                    .append(Base64.getEncoder().encodeToString(positions.array())).append("\",\"i\":\"")
                    .append(Base64.getEncoder().encodeToString(indices.array())).append("\",\"w\":")
                    .append(wide ? 4 : 2).append('}');
        }
        json.append("]}");
    }

    /** A JSON string. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '<' -> out.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The viewers' style rules. */
    static final String STYLE = """
            .cellinr-viewer{margin:1em 0}.cellinr-viewer canvas{max-width:100%;border:1px solid #ddd;\
            background:#f6f6f6;cursor:grab;touch-action:none}
            .cv-controls{font-size:.92em;margin-top:.3em;display:flex;flex-wrap:wrap;gap:.4em;align-items:center}
            .cv-sets button{border:1px solid #bbb;background:#fff;padding:.15em .6em;border-radius:3px;cursor:pointer}
            .cv-sets button.on{font-weight:bold;border-color:#333}
            .cv-time{width:14em}.cv-message{color:#a00}
            """;

    /**
     * The viewers' script: WebGL 1 with one shader pair (Lambert plus Blinn-Phong, the montage's light), an
     * orthographic camera around the cell's box centre. Marks each canvas with {@code data-drawn} (frames drawn)
     * for headless checks.
     */
    static final String SCRIPT = """
            (function(){
            function b64(s){var bin=atob(s),n=bin.length,u=new Uint8Array(n);for(var i=0;i<n;i++){u[i]=bin.charCodeAt(i);}return u.buffer;}
            function norm(a){var l=Math.hypot(a[0],a[1],a[2])||1;return [a[0]/l,a[1]/l,a[2]/l];}
            function cross(a,b){return [a[1]*b[2]-a[2]*b[1],a[2]*b[0]-a[0]*b[2],a[0]*b[1]-a[1]*b[0]];}
            function shader(gl,type,src){var s=gl.createShader(type);gl.shaderSource(s,src);gl.compileShader(s);
            if(!gl.getShaderParameter(s,gl.COMPILE_STATUS)){throw new Error(gl.getShaderInfoLog(s));}return s;}
            var VS='attribute vec3 p;attribute vec3 n;uniform mat4 m;uniform mat3 r;varying vec3 vn;'+
            'void main(){gl_Position=m*vec4(p,1.0);vn=r*n;}';
            var FS='precision mediump float;varying vec3 vn;uniform vec3 c;'+
            'void main(){vec3 nn=normalize(vn);if(nn.z<0.0){nn=-nn;}vec3 L=normalize(vec3(-0.45,0.55,0.70));'+
            'vec3 H=normalize(L+vec3(0.0,0.0,1.0));float d=max(dot(nn,L),0.0);'+
            'float s=d>0.0?pow(max(dot(nn,H),0.0),28.0):0.0;gl_FragColor=vec4(min(c*(0.18+0.72*d)+0.30*s,1.0),1.0);}';
            function start(root){
              var data=JSON.parse(root.querySelector('.cv-data').textContent);
              var canvas=root.querySelector('canvas');
              var gl=canvas.getContext('webgl',{antialias:true,preserveDrawingBuffer:true})||canvas.getContext('experimental-webgl');
              if(!gl){var m=document.createElement('p');m.className='cv-message';
                m.textContent='This browser has no WebGL: the montage above shows the same cells.';root.appendChild(m);return;}
              var wide=gl.getExtension('OES_element_index_uint');
              var prog=gl.createProgram();gl.attachShader(prog,shader(gl,gl.VERTEX_SHADER,VS));
              gl.attachShader(prog,shader(gl,gl.FRAGMENT_SHADER,FS));gl.linkProgram(prog);
              if(!gl.getProgramParameter(prog,gl.LINK_STATUS)){throw new Error(gl.getProgramInfoLog(prog));}
              var aP=gl.getAttribLocation(prog,'p'),aN=gl.getAttribLocation(prog,'n');
              var uM=gl.getUniformLocation(prog,'m'),uR=gl.getUniformLocation(prog,'r'),uC=gl.getUniformLocation(prog,'c');
              var state={set:data.sets[0].name,cell:0,time:0,az:data.azimuth,el:data.elevation,zoom:1,playing:null};
              var cache={};
              function cellsOf(set){return data.cells.filter(function(c){return c.set===set;});}
              function current(){var list=cellsOf(state.set);return list[Math.min(state.cell,list.length-1)];}
              function colour(set){for(var i=0;i<data.sets.length;i++){if(data.sets[i].name===set){return data.sets[i].colour;}}return [.7,.7,.7];}
              function mesh(cell,k){
                var key=data.cells.indexOf(cell)+':'+k;if(cache[key]){return cache[key];}
                var f=cell.frames[k],q=new Uint16Array(b64(f.v)),box=cell.box,nv=q.length/3;
                var idx=f.w===4?new Uint32Array(b64(f.i)):new Uint16Array(b64(f.i));
                var pos=new Float32Array(q.length),nor=new Float32Array(q.length);
                for(var i=0;i<q.length;i++){var c=i%3;pos[i]=box[c]+q[i]/65535*box[3+c];}
                for(var t=0;t<idx.length;t+=3){var a=3*idx[t],b=3*idx[t+1],d=3*idx[t+2];
                  var u=[pos[b]-pos[a],pos[b+1]-pos[a+1],pos[b+2]-pos[a+2]],w=[pos[d]-pos[a],pos[d+1]-pos[a+1],pos[d+2]-pos[a+2]];
                  var x=cross(u,w);for(var e of [a,b,d]){nor[e]+=x[0];nor[e+1]+=x[1];nor[e+2]+=x[2];}}
                var bp=gl.createBuffer();gl.bindBuffer(gl.ARRAY_BUFFER,bp);gl.bufferData(gl.ARRAY_BUFFER,pos,gl.STATIC_DRAW);
                var bn=gl.createBuffer();gl.bindBuffer(gl.ARRAY_BUFFER,bn);gl.bufferData(gl.ARRAY_BUFFER,nor,gl.STATIC_DRAW);
                var bi=gl.createBuffer();gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER,bi);gl.bufferData(gl.ELEMENT_ARRAY_BUFFER,idx,gl.STATIC_DRAW);
                return cache[key]={p:bp,n:bn,i:bi,count:idx.length,type:f.w===4?gl.UNSIGNED_INT:gl.UNSIGNED_SHORT,ok:f.w!==4||!!wide};
              }
              function draw(){
                var cell=current(),k=Math.min(state.time,cell.frames.length-1);
                gl.viewport(0,0,canvas.width,canvas.height);gl.clearColor(0.965,0.965,0.965,1);
                gl.clear(gl.COLOR_BUFFER_BIT|gl.DEPTH_BUFFER_BIT);gl.enable(gl.DEPTH_TEST);gl.depthFunc(gl.LEQUAL);
                var g=mesh(cell,k);
                if(g.count>0&&g.ok){
                  var az=state.az*Math.PI/180,el=state.el*Math.PI/180;
                  var z=[Math.cos(el)*Math.cos(az),Math.cos(el)*Math.sin(az),Math.sin(el)];
                  var x=norm(cross([0,0,1],z)),y=cross(z,x),box=cell.box;
                  var c=[box[0]+box[3]/2,box[1]+box[4]/2,box[2]+box[5]/2];
                  var R=Math.hypot(box[3],box[4],box[5])/2||1,s=state.zoom*0.95/R,aspect=canvas.width/canvas.height;
                  var sx=s/aspect,sz=-1/(1.05*R);
                  var m=new Float32Array([x[0]*sx,y[0]*s,z[0]*sz,0, x[1]*sx,y[1]*s,z[1]*sz,0, x[2]*sx,y[2]*s,z[2]*sz,0,
                    -(x[0]*c[0]+x[1]*c[1]+x[2]*c[2])*sx,-(y[0]*c[0]+y[1]*c[1]+y[2]*c[2])*s,-(z[0]*c[0]+z[1]*c[1]+z[2]*c[2])*sz,1]);
                  var r=new Float32Array([x[0],y[0],z[0], x[1],y[1],z[1], x[2],y[2],z[2]]);
                  gl.useProgram(prog);gl.uniformMatrix4fv(uM,false,m);gl.uniformMatrix3fv(uR,false,r);
                  gl.uniform3fv(uC,colour(cell.set));
                  gl.bindBuffer(gl.ARRAY_BUFFER,g.p);gl.enableVertexAttribArray(aP);gl.vertexAttribPointer(aP,3,gl.FLOAT,false,0,0);
                  gl.bindBuffer(gl.ARRAY_BUFFER,g.n);gl.enableVertexAttribArray(aN);gl.vertexAttribPointer(aN,3,gl.FLOAT,false,0,0);
                  gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER,g.i);gl.drawElements(gl.TRIANGLES,g.count,g.type,0);
                }
                canvas.dataset.drawn=(parseInt(canvas.dataset.drawn||'0',10)+1).toString();
                var span=Math.hypot(cell.box[3],cell.box[4],cell.box[5])/(0.95*state.zoom)*canvas.width/canvas.height;
                label.textContent=state.set+' '+cell.name+', t = '+cell.times[k]+(g.count>0?'':' (no cell)')+
                  '; view '+span.toFixed(span<10?1:0)+' \u00b5m wide';
              }
              var pending=false;function redraw(){if(!pending){pending=true;requestAnimationFrame(function(){pending=false;draw();});}}
              var setsBox=root.querySelector('.cv-sets'),select=root.querySelector('.cv-cell'),slider=root.querySelector('.cv-time');
              var label=root.querySelector('.cv-label'),play=root.querySelector('.cv-play');
              function fillCells(){select.innerHTML='';cellsOf(state.set).forEach(function(c,i){var o=document.createElement('option');
                o.value=i;o.textContent=c.name;select.appendChild(o);});state.cell=Math.min(state.cell,select.options.length-1);
                select.value=state.cell;var n=current().frames.length;var frac=slider.max>0?state.time/slider.max:0;
                slider.max=n-1;state.time=Math.round(frac*(n-1));slider.value=state.time;}
              data.sets.forEach(function(s){var b=document.createElement('button');b.type='button';b.textContent=s.name;
                b.style.borderLeft='6px solid rgb('+s.colour.map(function(v){return Math.round(255*v);}).join(',')+')';
                b.addEventListener('click',function(){state.set=s.name;Array.prototype.forEach.call(setsBox.children,function(x){
                x.classList.toggle('on',x===b);});fillCells();redraw();});setsBox.appendChild(b);});
              setsBox.firstChild.classList.add('on');fillCells();
              select.addEventListener('change',function(){state.cell=parseInt(select.value,10);fillCells();redraw();});
              slider.addEventListener('input',function(){state.time=parseInt(slider.value,10);redraw();});
              play.addEventListener('click',function(){if(state.playing){clearInterval(state.playing);state.playing=null;
                play.textContent='Play';return;}play.textContent='Pause';state.playing=setInterval(function(){
                var n=current().frames.length;state.time=(state.time+1)%n;slider.value=state.time;redraw();},450);});
              root.querySelector('.cv-reset').addEventListener('click',function(){state.az=data.azimuth;state.el=data.elevation;
                state.zoom=1;redraw();});
              var drag=null;
              canvas.addEventListener('pointerdown',function(e){drag=[e.clientX,e.clientY];canvas.setPointerCapture(e.pointerId);});
              canvas.addEventListener('pointerup',function(){drag=null;});
              canvas.addEventListener('pointermove',function(e){if(!drag){return;}state.az-=(e.clientX-drag[0])*0.5;
                state.el=Math.max(-89,Math.min(89,state.el+(e.clientY-drag[1])*0.5));drag=[e.clientX,e.clientY];redraw();});
              canvas.addEventListener('wheel',function(e){e.preventDefault();state.zoom=Math.max(0.2,Math.min(8,
                state.zoom*Math.exp(-e.deltaY*0.001)));redraw();},{passive:false});
              draw();
            }
            function startAll(){var all=document.querySelectorAll('.cellinr-viewer');var n=0;
              for(var i=0;i<all.length;i++){try{start(all[i]);n++;}catch(e){var m=document.createElement('p');
                m.className='cv-message';m.textContent='The 3D viewer failed: '+e.message;all[i].appendChild(m);
                setTimeout(function(){throw e;});}}document.body.dataset.viewers=n;}
            if(document.readyState==='loading'){document.addEventListener('DOMContentLoaded',startAll);}else{startAll();}
            })();
            """;
}

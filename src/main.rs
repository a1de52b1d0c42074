fn main() {
    antrag_app::start();
}
